// The C surface of COIN-OR CBC (mixed-integer programs) and CLP (linear programs)
// that rmsolve uses. Only the LinearOptimization module imports this.
#ifndef RMSOLVE_CCBC_SHIM_H
#define RMSOLVE_CCBC_SHIM_H
#include <coin/Coin_C_defines.h>
#include <coin/Cbc_C_Interface.h>
#include <coin/Clp_C_Interface.h>
#endif

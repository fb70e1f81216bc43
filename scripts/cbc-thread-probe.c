/* Probe: are concurrent Cbc_solve calls on separate models safe with this machine's CBC?
 * Solves 64 random 0-1 knapsacks one by one, then the same 64 on 8 threads at once, and
 * counts answers that differ. Build and run:
 *   cc scripts/cbc-thread-probe.c $(pkg-config --cflags --libs cbc) -lpthread -o /tmp/probe && /tmp/probe
 * With Debian's CBC 2.10.8 it reports mismatches (and sometimes crashes): CbcMain1 keeps
 * static state. rmsolve therefore serializes CBC solves (LinearOptimization/SolverConcurrency). */
#include <coin/Cbc_C_Interface.h>
#include <pthread.h>
#include <stdio.h>
#define N 64
#define ITEMS 14
static double w[N][ITEMS], v[N][ITEMS], cap[N], seq[N], par[N];
static double solve(int k) {
  Cbc_Model *m = Cbc_newModel();
  int cols[ITEMS];
  for (int j = 0; j < ITEMS; j++) { Cbc_addCol(m, "", 0, 1, -v[k][j], 1, 0, NULL, NULL); cols[j] = j; }
  Cbc_addRow(m, "", ITEMS, cols, w[k], 'L', cap[k]);
  Cbc_setLogLevel(m, 0);
  Cbc_solve(m);
  double z = Cbc_isProvenOptimal(m) ? -Cbc_getObjValue(m) : -1;
  Cbc_deleteModel(m);
  return z;
}
static void *worker(void *arg) {
  long t = (long)arg;
  for (int k = (int)t; k < N; k += 8) par[k] = solve(k);
  return NULL;
}
int main(void) {
  unsigned s = 12345;
  for (int k = 0; k < N; k++) {
    double total = 0;
    for (int j = 0; j < ITEMS; j++) {
      s = s * 1103515245u + 12345u; w[k][j] = 1 + (s >> 16) % 30; total += w[k][j];
      s = s * 1103515245u + 12345u; v[k][j] = 1 + (s >> 16) % 50;
    }
    cap[k] = (int)(total / 3);
  }
  for (int k = 0; k < N; k++) seq[k] = solve(k);
  pthread_t th[8];
  for (long t = 0; t < 8; t++) pthread_create(&th[t], NULL, worker, (void *)t);
  for (int t = 0; t < 8; t++) pthread_join(th[t], NULL);
  int bad = 0;
  for (int k = 0; k < N; k++) bad += seq[k] != par[k];
  printf("concurrent Cbc_solve: %d of %d answers differ from sequential\n", bad, N);
  return bad != 0;
}

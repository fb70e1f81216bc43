// RevenueGuarantee: revenue guarantees G_i (thesis Def. 3.5; the big-M MIP of eq. 3.25-3.26
// and faster exact methods) and the redistribution mechanism RM (Def. 3.7).

// Combinatorial: the static world of thesis Chapters 2-3 — instances (outcome tables and
// combinatorial auctions with XOR bids), type spaces (domains), winner determination, VCG.

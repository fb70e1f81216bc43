// LPDynamic: MDPs and their exact LP (thesis Ch. 4), joint multi-agent MDPs and dynamic
// mechanisms (Ch. 5), Gittins indices and bandit mechanisms (Ch. 4, 6, 8).

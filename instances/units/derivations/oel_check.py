import numpy as np
from scipy.optimize import linprog
def cons(n,m):
    A=[];b=[]
    for k in range(1,n+1):
        w=np.zeros(n-1)
        for j in range(1,k+1):
            if j-1>=1: w[j-2]+=j-1
            if j<=n-1: w[j-1]+=n-j
        A.append(w); b.append(m if k>=m+1 else 0)
    for k in range(1,n):
        A.append(np.array([-1.0]*k+[0.0]*(n-1-k))); b.append(0)
    return np.array(A),np.array(b)
def oel(n,m,mu):
    A,b=cons(n,m)
    obj=-n*np.array(mu)
    r=linprog(obj,A_ub=A,b_ub=b,bounds=[(None,None)]*(n-1),method="highs")
    best=-r.fun
    # uniqueness: range of each coefficient over the optimal face
    rng=[]
    for j in range(n-1):
        Aeq=[n*np.array(mu)]; beq=[best]
        lo=linprog(np.eye(n-1)[j],A_ub=A,b_ub=b,A_eq=Aeq,b_eq=beq,bounds=[(None,None)]*(n-1),method="highs").fun
        hi=-linprog(-np.eye(n-1)[j],A_ub=A,b_ub=b,A_eq=Aeq,b_eq=beq,bounds=[(None,None)]*(n-1),method="highs").fun
        rng.append((round(lo,9),round(hi,9)))
    return best,r.x,rng
for (n,m,U) in [(4,1,100),(5,2,100),(6,1,1),(8,3,100),(10,2,100)]:
    N=n-1
    mu=[U*(N+1-j)/(N+1) for j in range(1,N+1)]
    best,x,rng=oel(n,m,mu)
    ER=m*U*(n-m)/(n+1)
    print(n,m,U,"E[sum z]",best,"E[R]",ER,"share",best/ER,"\n  c",np.round(x,9),"\n  ranges",rng)

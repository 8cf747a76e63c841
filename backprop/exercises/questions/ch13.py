"""Questions of chapter 13, "From backprop to autograd": the product's VJP, a sum of VJPs, the cost of a gradient."""

from . import Option, Question

QUESTIONS = [
    Question(
        id="ch13-matmul-vjp",
        prompt="The forward pass computes S = A W2 (A is N × H, W2 is H × K). Given S̄ = δ_S, what are the "
               "product's two VJPs, Ā and W̄2?",
        options=(
            Option("Ā = S̄ W2 and W̄2 = Aᵀ S̄: the weights as the forward pass uses them.", False,
                   "S̄ [N × K] times W2 [H × K] does not conform on the R network (75 × 3 times 10 × 3); "
                   "with a square W2 it runs and is wrong (relative error above 0.1 on chapter 12's "
                   "square network). Component j of a row of A reaches every S_k through W2[j, k], so "
                   "Ā = S̄ W2ᵀ."),
            Option("Ā = S̄ W2ᵀ and W̄2 = S̄ᵀ A.", False,
                   "S̄ᵀ A is [K × N]·[N × H] = K × H, 3 × 10 on the R network: W2's transpose. A gradient "
                   "has the shape of what it is the gradient of, H × K: W̄2 = Aᵀ S̄. (S̄ᵀ A is the "
                   "accepted answer's ∂L/∂i^k (o^{k−1})ᵀ, right in its column convention.)"),
            Option("Ā = S̄ W2ᵀ and W̄2 = Aᵀ S̄: R's `dscores %*% t(W2)` and `t(hidden.layer) %*% dscores`.",
                   True,
                   "Both satisfy the VJP's defining identity ⟨S̄, J u̇⟩ = ⟨VJP, u̇⟩ on the R batch, and "
                   "each has the shape of its input: Ā is N × H like A, W̄2 is H × K like W2."),
            Option("Ā = (S̄ W2ᵀ) ⊙ [A > 0] and W̄2 = Aᵀ S̄: the product's VJP includes the ReLU's mask.", False,
                   "The mask is the VJP of the next operation back, A = max(Z, 0), not of the product: "
                   "the masked Ā breaks the product's identity ⟨S̄, J u̇⟩ = ⟨Ā, u̇⟩ on the R batch. The "
                   "tape calls the two VJPs one after the other (steps 8 and 9)."),
        )),
    Question(
        id="ch13-sum-of-vjps",
        prompt="W2 feeds two operations, the product A W2 and the penalty ½·reg·ΣW2². What does the tape "
               "store as W2's gradient?",
        options=(
            Option("The sum of the two VJPs, Aᵀ δ_S + reg·W2: R's `dW2 <- dW2 + reg*W2`.", True,
                   "The loss depends on W2 along two paths, and the multivariable chain rule adds the "
                   "paths' contributions. The sum agrees with central differences to better than 1e-7."),
            Option("The VJP it runs last, Aᵀ δ_S: the penalty's, run earlier, is overwritten.", False,
                   "That drops the L2 term: on the R batch at R's initial weights its relative error is "
                   "9e-4, in the grey zone between 1e-7 and 1e-2 where a slip is easily missed. The tape "
                   "adds into a gradient (+=), it never overwrites."),
            Option("The product of the two, (Aᵀ δ_S) ⊙ (reg·W2): the chain rule multiplies.", False,
                   "The chain rule multiplies the derivatives along one path (loss ← S ← W2) and adds "
                   "across paths. The product's relative error against central differences is 1 to "
                   "four digits."),
            Option("Their mean, ½(Aᵀ δ_S + reg·W2), so that each path counts once.", False,
                   "Halving gives a gradient half as large: relative error exactly 1/3, the factor-2 slip "
                   "of chapter 03b."),
        )),
    Question(
        id="ch13-cost-of-a-gradient",
        prompt="The R network has 83 parameters. How much work is one whole gradient by central differences, "
               "and by a backward pass?",
        options=(
            Option("Both about 166 forward passes: backprop also finds one derivative per parameter, only "
                   "analytically.", False,
                   "A backward pass never takes the parameters one at a time: each VJP gives a whole "
                   "gradient array at once (all 30 entries of dW2 from one product, hidden.T @ dscores). "
                   "Its products cost 15,000 flops, 1.43 times the forward pass's 10,500."),
            Option("83 forward passes by central differences (one nudge per parameter), one by backprop.", False,
                   "A central difference nudges each parameter both ways: 2 × 83 = 166 forward passes. "
                   "(A one-sided difference needs 84, the 83 nudges and the unnudged loss, but its error "
                   "is of order h instead of h².)"),
            Option("166 forward passes by central differences; about 1.4 forward passes' worth for the "
                   "backward pass.", True,
                   "Each of the 83 parameters is nudged up and down: 166 forward passes, 1,743,000 flops "
                   "of products. The backward pass runs each VJP once, products of the same sizes as the "
                   "forward ones: 15,000 flops against the forward pass's 10,500."),
            Option("The backward pass costs more than finite differences, since it keeps every "
                   "intermediate array.", False,
                   "Keeping the intermediates costs memory, not arithmetic: the backward pass's products "
                   "are 15,000 flops, finite differences' 1,743,000, 116 times more."),
        )),
]

"""Questions of chapter 09, "Gradient descent and the full training loop": the first loss, weight decay, divergence."""

from . import Option, Question

QUESTIONS = [
    Question(
        id="ch09-first-loss",
        prompt="The R run starts from weights drawn as 0.01*rnorm(...) and zero biases. About what is the "
               "loss of its first iteration?",
        options=(
            Option("About log 3 = 1.0986.", True,
                   "With weights of size 0.01 every score is within 0.003 of 0, so every probability is "
                   "within 0.001 of 1/3 and each example's loss −log P[i, y_i] is close to −log(1/3) = log 3. "
                   "The R run's first loss is 1.0985, within 2e-4 of log 3 (the penalty adds only 3e-6)."),
            Option("About 1/3.", False,
                   "1/3 is each class's probability, not the loss: the loss is −log of the true class's "
                   "probability, −log(1/3) = log 3 = 1.0986. The R run's first loss is 1.0985."),
            Option("About 0: nothing has been learned yet, so there is no error to measure.", False,
                   "A loss of 0 would mean probability 1 for every true class; untrained, the network "
                   "spreads its probability evenly over the 3 classes, and the loss is log 3 = 1.0986 "
                   "(the R run's first loss is 1.0985)."),
            Option("Large, because the weights are random.", False,
                   "Small random weights give scores near 0 and nearly equal probabilities: the loss starts "
                   "at log 3 = 1.0986 (the R run's 1.0985), not above it. It is large random weights that give "
                   "confident wrong answers: the same draws without the 0.01 give a first loss of 7.7."),
        )),
    Question(
        id="ch09-zero-data-gradient",
        prompt="A weight of a hidden unit that is dead for the whole R run gets a data gradient of exactly 0 at "
               "every one of the 2000 iterations (lr = 0.01, reg = 0.001). Where does it end?",
        options=(
            Option("At its initial value: no gradient, no step.", False,
                   "Its gradient is not 0: the L2 term reg·W is still in it, so each step multiplies the "
                   "weight by 1 − lr·reg = 0.99999. Over 2000 steps that is (1 − lr·reg)^2000 = 0.980199 "
                   "(chapter 08 finds it in R's final weights)."),
            Option("At 0.980199 times its initial value.", True,
                   "Each step is W ← W − lr·(0 + reg·W) = (1 − lr·reg)·W, so after 2000 steps the weight is "
                   "(1 − lr·reg)^2000 = 0.980199 times where it started: weight decay, exactly what R's final "
                   "weights of its dead units show (chapter 08)."),
            Option("At 0: the penalty pulls it all the way down.", False,
                   "The decay is geometric, 1 − lr·reg = 0.99999 per step, so 2000 steps take off only 2 % "
                   "(factor 0.980199). Shrinking the weight to 1 % of its value would take about 460,515 "
                   "steps, and it never reaches exactly 0."),
        )),
    Question(
        id="ch09-divergence",
        prompt="From the R program's initial weights with lr = 10, `bp.train` raises `bp.DivergenceError` at "
               "step 4. Why?",
        options=(
            Option("The loss of step 4 is infinite: a step overshot so far that some example's true class got "
                   "a probability that rounds to 0, and −log 0 = inf.", True,
                   "Steps 1 to 3 have finite losses (1.0985, 1.0771, 3.3192); the third step sends some "
                   "scores so far apart that at step 4 a true-class probability is 0 in float64. R's loop "
                   "would carry on with inf and NaN; bp.train stops there and says so."),
            Option("bp.train refuses learning rates above 1.", False,
                   "It accepted lr = 10 and ran three steps before stopping. With lr = 5 it runs all 2000 "
                   "steps without an error (ending at log 3 with every hidden unit dead, but finite)."),
            Option("The gradient formulas are wrong when the learning rate is large.", False,
                   "The gradient does not depend on lr at all: the first step's gradient is the one of the "
                   "R run, and that step even lowered the loss (1.0985 to 1.0771). The trouble is the size "
                   "of the step, lr times the gradient."),
        )),
]

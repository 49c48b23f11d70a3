"""JAX's side of the side-by-side: the same functions, the same inputs, the same timing rule.

Reads the manifest the Node side wrote (problem name, kind, the binary Float64/Int32 inputs) and
prints one JSON line per problem: mean seconds per call of the jitted primal and of the jitted
derivative (value_and_grad, or jax.hessian), and the value and gradient norm so the two sides can
be checked against each other. float64, one CPU thread (XLA flags set before jax is imported).
"""
import json
import os
import sys
import time

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

jax.config.update("jax_enable_x64", True)


def rosenbrock(x):
    a = x[1:] - x[:-1] ** 2
    b = 1.0 - x[:-1]
    return jnp.sum(100.0 * a * a + b * b)


def softplus(t):
    return jnp.maximum(t, 0.0) + jnp.log1p(jnp.exp(-jnp.abs(t)))


def logistic_loss(w, b, X, y):
    return jnp.sum(softplus(-y * (X @ w + b)))


def mlp_loss(W1, b1, W2, b2, X, labels):
    hidden = jnp.tanh(X @ W1.T + b1)
    logits = hidden @ W2.T + b2
    lse = jax.scipy.special.logsumexp(logits, axis=1)
    return jnp.mean(lse - logits[jnp.arange(labels.shape[0]), labels])


def gmm_builder(d, k):
    """ADBench's GMM objective (as examples/gmm.ts): Q from icf = d diagonal logs, then the strict
    lower triangle column by column."""
    rows, cols = [], []
    for col in range(d):
        for row in range(col + 1, d):
            rows.append(row)
            cols.append(col)
    rows, cols = np.array(rows, dtype=np.int32), np.array(cols, dtype=np.int32)

    def objective(alphas, means, icf, x, gamma, m, constant):
        qs = icf[:, :d]
        ls = icf[:, d:]
        Q = jnp.zeros((k, d, d)).at[:, rows, cols].set(ls)
        Q = Q + jax.vmap(jnp.diag)(jnp.exp(qs))
        xc = x[:, None, :] - means[None, :, :]              # n k d
        qx = jnp.einsum("kij,nkj->nki", Q, xc)               # n k d
        main = alphas[None, :] + jnp.sum(qs, axis=1)[None, :] - 0.5 * jnp.sum(qx * qx, axis=2)
        slse = jnp.sum(jax.scipy.special.logsumexp(main, axis=1))
        n = x.shape[0]
        prior = jnp.sum(0.5 * gamma * gamma * (jnp.sum(jnp.exp(2 * qs), axis=1) + jnp.sum(ls * ls, axis=1)) - m * jnp.sum(qs, axis=1))
        return constant + slse - n * jax.scipy.special.logsumexp(alphas) + prior

    return objective


def timed(fn, args, min_seconds):
    """Mean seconds per call over batches of calls, the median batch (after a warm-up that compiles)."""
    jax.block_until_ready(fn(*args))
    reps = 1
    while True:
        t = time.perf_counter()
        for _ in range(reps):
            out = fn(*args)
        jax.block_until_ready(out)
        dt = time.perf_counter() - t
        if dt > min_seconds / 5 or reps > 1 << 20:
            break
        reps *= 2
    samples = []
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(reps):
            out = fn(*args)
        jax.block_until_ready(out)
        samples.append((time.perf_counter() - t) / reps)
    samples.sort()
    return samples[2]


def load(folder, spec):
    dtype = np.int32 if spec["type"] == "int32" else np.float64
    if "value" in spec:
        return jnp.asarray(spec["value"], dtype=dtype)
    a = np.fromfile(os.path.join(folder, spec["file"]), dtype=dtype)
    return jnp.asarray(a.reshape(spec["shape"]))


def function_of(problem):
    kind = problem["kind"]
    if kind == "rosenbrock":
        return rosenbrock, [0]
    if kind == "logreg":
        return logistic_loss, [0, 1]
    if kind == "mlp":
        return mlp_loss, [0, 1, 2, 3]
    if kind == "gmm":
        return gmm_builder(problem["d"], problem["k"]), [0, 1, 2]
    raise ValueError(kind)


def run(folder, problem, min_seconds):
    f, wrt = function_of(problem)
    args = [load(folder, s) for s in problem["inputs"]]
    primal = jax.jit(f)
    out = {"id": problem["id"], "primal": timed(primal, args, min_seconds)}
    if problem.get("derivative") == "hessian":
        h = jax.jit(jax.hessian(f))
        out["derivative"] = timed(h, args, min_seconds)
        out["check"] = float(jnp.sum(h(*args)))
        return out
    vg = jax.jit(jax.value_and_grad(f, argnums=tuple(wrt)))
    out["derivative"] = timed(vg, args, min_seconds)
    value, grads = vg(*args)
    out["value"] = float(value)
    out["gradNorm"] = float(jnp.sqrt(sum(jnp.sum(g * g) for g in grads)))
    return out


def main():
    folder = sys.argv[1]
    min_seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 0.5
    with open(os.path.join(folder, "manifest.json")) as fh:
        manifest = json.load(fh)
    print(json.dumps({"jax": jax.__version__, "numpy": np.__version__}), flush=True)
    for problem in manifest:
        print(json.dumps(run(folder, problem, min_seconds)), flush=True)


if __name__ == "__main__":
    main()

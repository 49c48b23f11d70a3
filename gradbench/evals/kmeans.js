// kmeans: `cost` is the compiled objective; `dir` is J·H⁻¹ from one adgen Hessian-vector
// product along the all-ones vector (forward over reverse): the Hessian is diagonal, so H·1 is
// its diagonal, and the gradient J comes out of the same call.
import { cost, cost_hvp_into } from '../compiled/kmeans.grad.js';
import { flatten, unflatten } from './io.js';

function decode(input) {
  const points = flatten(input.points);
  const centroids = flatten(input.centroids);
  const d = input.points[0].length;
  if (input.centroids[0].length !== d) throw new Error('points and centroids differ in dimension');
  return { points, centroids, d, k: input.centroids.length };
}

export const functions = {
  cost(input) {
    const { points, centroids, d } = decode(input);
    let y = 0;
    return { run: () => void (y = cost(points, centroids, d)), output: () => y };
  },
  dir(input) {
    const { points, centroids, d, k } = decode(input);
    const ones = new Float64Array(centroids.length).fill(1);
    const grad = new Float64Array(centroids.length);
    const diagonal = new Float64Array(centroids.length);
    const dir = new Float64Array(centroids.length);
    const run = () => {
      cost_hvp_into(points, centroids, d, ones, grad, diagonal);
      for (let i = 0; i < dir.length; i++) dir[i] = grad[i] / diagonal[i];
    };
    return { run, output: () => unflatten(dir, k, d) };
  },
};

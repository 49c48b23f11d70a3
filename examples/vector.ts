/** Vector-valued functions: a Jacobian is what an implicit ODE solver or a Gauss–Newton step needs. */

/** Right-hand side of the Lorenz system. */
export function lorenz(x: number, y: number, z: number, sigma: number, rho: number, beta: number): [number, number, number] {
  return [sigma * (y - x), x * (rho - z) - y, x * y - beta * z];
}

/** Polar to Cartesian coordinates. */
export function polarToCartesian(r: number, theta: number): number[] {
  return [r * Math.cos(theta), r * Math.sin(theta)];
}

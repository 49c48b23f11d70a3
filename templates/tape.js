// The tape: one LIFO stack of numbers shared by the reverse-mode functions of this module.
// A forward sweep pushes what its reverse sweep pops again; pushes and pops balance within
// each call, so the stack is empty between calls. It is allocated once and only ever grows.
let $tape = new Float64Array(1024);
let $tp = 0;

function $grow(old) {
  const bigger = new Float64Array(old.length * 2);
  bigger.set(old);
  return bigger;
}

// Writes `column` into column j of a matrix given as an array of rows (Jacobians by JVPs).
function $putColumn(rows, j, column) {
  for (let i = 0; i < rows.length; i++) {
    rows[i][j] = column[i];
  }
}

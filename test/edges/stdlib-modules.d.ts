// The packages' deep files the stdlib fixture imports ship no declarations.
declare module '@stdlib/*';

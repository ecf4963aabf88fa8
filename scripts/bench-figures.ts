// One measured figure against its limit, as printed by `npm run bench` and written to bench/results.md.
export type BenchFigure = { figure: string; value: number; unit: string; limit: number; better: 'lower' | 'higher'; note?: string };
export const ratioOf = (f: BenchFigure): number => f.value / f.limit;
export const formatFigure = (f: BenchFigure): string =>
  `${f.figure}: ${f.value.toFixed(f.unit === 'x' || f.unit === 'ratio' ? 2 : 0)} ${f.unit} (limit ${f.better === 'lower' ? '<=' : '>='} ${f.limit} ${f.unit}, ratio ${ratioOf(f).toFixed(2)})${f.note ? ` — ${f.note}` : ''}`;

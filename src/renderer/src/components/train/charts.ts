// ECharts options for the Train screen: loss components per step, validation per epoch, the λ
// schedule, ROC and PR curves. Pure functions of plain data (metric points, run detail).
import type { MetricPoint, RunDetail } from '@shared/api';

const COLORS = ['#2f6f5e', '#c47f2c', '#3d6fb6', '#a33a2b', '#7a5ea8', '#5b8c3a'];
const AXIS = { axisLine: { lineStyle: { color: '#c9c6bb' } }, axisLabel: { color: '#62666d', fontSize: 11 }, splitLine: { lineStyle: { color: '#efede6' } } };
const base = { animation: false, color: COLORS, textStyle: { fontFamily: 'system-ui, sans-serif' } };

export function seriesOf(points: MetricPoint[], name: string): [number, number][] {
  const out: [number, number][] = [];
  for (const p of points) if (p.series === name) out.push([p.x, p.y]);
  return out;
}

/** BCE, overlap, L1 and entropy per training step, one small panel each (they live on different scales). */
export function lossOption(points: MetricPoint[], epochs: number) {
  const panels = [
    { key: 'bce', title: 'Prediction loss (BCE)' },
    { key: 'overlap', title: 'Filter overlap (unweighted)' },
    { key: 'l1', title: 'Filter weight L1 (unweighted)' },
    { key: 'entropy', title: 'Attention entropy' },
  ];
  const pos = (i: number) => ({ left: i % 2 ? '55%' : '7%', width: '38%', top: i < 2 ? 26 : 150, height: 82 });
  return {
    ...base,
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => (typeof v === 'number' ? fmt(v) : v) },
    // a model without attention (the baselines), or a run trained before it was measured, has no entropy curve: say so
    title: panels.map((p, i) => ({ text: p.key === 'entropy' && !points.some((q) => q.series === 'entropy') && points.some((q) => q.series === 'bce') ? `${p.title} (not measured for this run)` : p.title, left: pos(i).left, top: pos(i).top - 22, textStyle: { fontSize: 12, fontWeight: 500, color: '#1f2328' } })),
    grid: panels.map((_, i) => pos(i)),
    xAxis: panels.map((_, i) => ({ type: 'value', gridIndex: i, min: 0, max: Math.max(1, epochs), name: i >= 2 ? 'epoch' : '', nameGap: 18, nameLocation: 'middle', nameTextStyle: { color: '#62666d', fontSize: 11 }, ...AXIS })),
    yAxis: panels.map((_, i) => ({ type: 'value', gridIndex: i, scale: true, ...AXIS, axisLabel: { ...AXIS.axisLabel, formatter: fmt } })),
    series: panels.map((p, i) => ({ name: p.title, type: 'line', xAxisIndex: i, yAxisIndex: i, showSymbol: false, lineStyle: { width: 1.4 }, data: seriesOf(points, p.key), color: COLORS[i] })),
  };
}

/** Per epoch: training and validation loss (left), validation auROC and auPRC (right, 0–1). */
export function validationOption(points: MetricPoint[], epochs: number) {
  const line = (name: string, key: string, y: number, dashed = false) => ({
    name, type: 'line', yAxisIndex: y, data: seriesOf(points, key), symbolSize: 5, lineStyle: { width: 1.6, type: dashed ? 'dashed' : 'solid' },
  });
  return {
    ...base,
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => (typeof v === 'number' ? v.toFixed(3) : v) },
    legend: { top: 0, textStyle: { fontSize: 11 } },
    grid: { left: 48, right: 40, top: 30, bottom: 32 },
    xAxis: { type: 'value', min: 0, max: Math.max(1, epochs), minInterval: 1, name: 'epoch', nameLocation: 'middle', nameGap: 22, nameTextStyle: { color: '#62666d', fontSize: 11 }, ...AXIS },
    yAxis: [
      { type: 'value', scale: true, ...AXIS, axisLabel: { ...AXIS.axisLabel, formatter: fmt } },
      { type: 'value', min: 0, max: 1, ...AXIS, splitLine: { show: false } },
    ],
    series: [
      line('training loss', 'train_loss', 0, true),
      line('validation loss', 'valid_loss', 0),
      line('validation auROC', 'valid_auroc', 1),
      line('validation auPRC', 'valid_auprc', 1),
    ],
  };
}

/** Each motif filter's activity per epoch (sd of its activation; log scale): a filter the penalties shrink towards silence shows as a falling line. */
export function filterActivityOption(points: MetricPoint[], epochs: number) {
  const names = [...new Set(points.filter((p) => p.series.startsWith('filter_sd_')).map((p) => p.series))]
    .sort((a, b) => Number(a.slice(10)) - Number(b.slice(10)));
  return {
    ...base,
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => (typeof v === 'number' ? fmt(v) : v) },
    legend: { top: 0, type: 'scroll', textStyle: { fontSize: 11 } },
    grid: { left: 56, right: 16, top: 30, bottom: 32 },
    xAxis: { type: 'value', min: 0, max: Math.max(1, epochs), minInterval: 1, name: 'epoch', nameLocation: 'middle', nameGap: 22, nameTextStyle: { color: '#62666d', fontSize: 11 }, ...AXIS },
    yAxis: { type: 'log', logBase: 10, name: 'activation sd', nameTextStyle: { color: '#62666d', fontSize: 11 }, ...AXIS, axisLabel: { ...AXIS.axisLabel, formatter: fmt } },
    series: names.map((n) => ({
      name: `filter ${Number(n.slice(10)) + 1}`, type: 'line', symbolSize: 4, lineStyle: { width: 1.4 },
      // a silent filter (sd 0) cannot sit on a log axis: drawn at the axis floor
      data: seriesOf(points, n).map(([x, y]) => [x, Math.max(y, 1e-4)]),
    })),
  };
}

/** The planned λ schedule (log₁₀; warm-up epochs have λ = 0 and show as gaps) with the current epoch marked. */
export function scheduleOption(schedule: RunDetail['schedule'], currentEpoch: number | null) {
  const lg = (v: number) => (v > 0 ? Math.log10(v) : null);
  const s = (name: string, key: 'ovl' | 'l1' | 'ent') => ({
    name, type: 'line', symbolSize: 4, lineStyle: { width: 1.6 }, connectNulls: false,
    data: schedule.map((e) => [e.epoch, lg(e[key])]),
  });
  const series: Record<string, unknown>[] = [s('overlap weight λ_ovl', 'ovl'), s('sparsity weight λ_L1', 'l1')];
  if (schedule.some((e) => e.ent > 0)) series.push(s('attention weight λ_ent', 'ent'));
  if (currentEpoch !== null) {
    (series[0] as Record<string, unknown>).markLine = {
      symbol: 'none', silent: true, label: { formatter: 'now', color: '#62666d', fontSize: 11 }, lineStyle: { color: '#9b978b', type: 'dashed' },
      data: [{ xAxis: currentEpoch }],
    };
  }
  return {
    ...base,
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (typeof v === 'number' ? `10^${v.toFixed(2)} = ${fmt(10 ** v)}` : 'off (warm-up)') },
    legend: { top: 0, textStyle: { fontSize: 11 } },
    grid: { left: 48, right: 16, top: 34, bottom: 32 },
    xAxis: { type: 'value', min: 1, max: Math.max(2, schedule.length), minInterval: 1, name: 'epoch', nameLocation: 'middle', nameGap: 22, nameTextStyle: { color: '#62666d', fontSize: 11 }, ...AXIS },
    yAxis: { type: 'value', name: 'log₁₀ λ', nameTextStyle: { color: '#62666d', fontSize: 11 }, ...AXIS },
    series,
  };
}

/** ROC (kind 'roc') or precision–recall (kind 'pr') curves of the test split, one line per task. */
export function curveOption(detail: RunDetail, kind: 'roc' | 'pr') {
  const tasks = detail.testMetrics?.perTask ?? [];
  const series: Record<string, unknown>[] = tasks.map((t) => ({
    name: `${t.task} (${kind === 'roc' ? 'auROC' : 'auPRC'} ${fmtMetric(kind === 'roc' ? t.auroc : t.auprc)})`,
    type: 'line', showSymbol: false, lineStyle: { width: 1.8 }, step: kind === 'pr' ? 'end' : undefined,
    data: t[kind].x.map((x, i) => [x, t[kind].y[i]]),
  }));
  const chance = kind === 'roc' ? [[0, 0], [1, 1]] : tasks.length === 1 ? [[0, tasks[0].nPos / (tasks[0].nPos + tasks[0].nNeg)], [1, tasks[0].nPos / (tasks[0].nPos + tasks[0].nNeg)]] : null;
  if (chance) series.push({ name: 'chance', type: 'line', showSymbol: false, silent: true, data: chance, lineStyle: { color: '#b9b6ab', type: 'dashed', width: 1 }, color: '#b9b6ab' });
  return {
    ...base,
    tooltip: { trigger: 'item', formatter: (p: { seriesName: string; value: [number, number] }) => `${p.seriesName}<br/>${kind === 'roc' ? 'false positive rate' : 'recall'} ${p.value[0].toFixed(3)} · ${kind === 'roc' ? 'true positive rate' : 'precision'} ${p.value[1].toFixed(3)}` },
    legend: { bottom: 0, textStyle: { fontSize: 11 } },
    grid: { left: 48, right: 16, top: 16, bottom: 64 },
    xAxis: { type: 'value', min: 0, max: 1, name: kind === 'roc' ? 'false positive rate' : 'recall', nameLocation: 'middle', nameGap: 22, nameTextStyle: { color: '#62666d', fontSize: 11 }, ...AXIS },
    yAxis: { type: 'value', min: 0, max: 1, name: kind === 'roc' ? 'true positive rate' : 'precision', nameTextStyle: { color: '#62666d', fontSize: 11 }, ...AXIS },
    series,
  };
}

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1);
  if (a >= 100) return v.toFixed(0);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}
/** A setting's value as typed: integers plain, others with up to 4 significant digits. */
export function fmtValue(v: unknown): string {
  if (typeof v !== 'number') return v === true ? 'on' : v === false ? 'off' : String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(1);
  return String(Number(v.toPrecision(4)));
}
export const fmtMetric = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(3));
export function fmtSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '—';
  if (s < 90) return `${Math.max(1, Math.round(s))} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

// The chart island for a numeric (non-date) x axis: lines and areas drawn with recharts in the
// browser (recharts draws no SVG on the server; the figure's summary and data table carry the
// content until then). Time series, bars and live charts are SVG drawn at build
// (ChartFigure.astro, LiveChart.astro) and ship no chart library.
import { useEffect, useMemo, useState } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export type XY = [number, number];

export interface ChartProps {
  id: string;
  lang: string;
  type: 'line' | 'area';
  /** x holds epoch milliseconds */
  time: boolean;
  xLabel: string;
  yLabel: string;
  /** Labels of the value fields, in order. */
  fields: string[];
  /** Per value field, the total (or only) series. */
  total?: XY[][];
  /** Grouped charts: every group id with its label, largest first. */
  groups?: { id: string; label: string }[];
  /** Data of the first groups, inline; the others are fetched from groupsUrl when chosen. */
  groupData?: Record<string, XY[][]>;
  groupsUrl?: string;
  text: { show: string; total: string; top: string; loading: string; error: string };
}

// Lines and bars contrast at least 3:1 with white (WCAG 1.4.11).
export const PALETTE = ['#1f4e8c', '#b34700', '#2e7d32', '#8e24aa', '#c62828', '#00695c', '#5d4037', '#3949ab'];

export default function Chart(props: ChartProps) {
  const { lang, time } = props;
  const numberFmt = useMemo(() => new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }), [lang]);
  const compactFmt = useMemo(() => new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }), [lang]);
  const dateFmt = useMemo(() => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }), [lang]);
  const tickDateFmt = useMemo(() => new Intl.DateTimeFormat(lang, { month: 'short', year: '2-digit', timeZone: 'UTC' }), [lang]);
  const [selected, setSelected] = useState<string>(props.groups ? 'total' : 'total');
  const [groupData, setGroupData] = useState<Record<string, XY[][]>>(props.groupData ?? {});
  const [status, setStatus] = useState<'idle' | 'loading' | 'error'>('idle');

  const { total, groups } = props;

  useEffect(() => {
    if (selected === 'total' || selected === 'top' || groupData[selected] || !props.groupsUrl) return;
    setStatus('loading');
    fetch(props.groupsUrl)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((all: Record<string, XY[][]>) => {
        setGroupData((d) => ({ ...all, ...d }));
        setStatus('idle');
      })
      .catch(() => setStatus('error'));
  }, [selected, groupData, props.groupsUrl]);

  const x = (v: number) => (time ? dateFmt.format(v) : numberFmt.format(v));
  const xTick = (v: number) => (time ? tickDateFmt.format(v) : compactFmt.format(v));
  const yTick = (v: number) => compactFmt.format(v);
  const tooltipValue = (v: unknown) => (typeof v === 'number' ? numberFmt.format(v) : String(v));

  // Lines: one per value field (total or one group), or one per top group (first value field).
  let lines: { name: string; data: { x: number; y: number }[] }[] = [];
  const toObjects = (pts: XY[] | undefined) => (pts ?? []).map(([px, py]) => ({ x: px, y: py }));
  const labelOf = (id: string) => groups?.find((g) => g.id === id)?.label ?? id;
  const shownGroups = groupData;
  if (selected === 'total') lines = props.fields.map((f, i) => ({ name: groups ? `${f} (${props.text.total})` : f, data: toObjects(total?.[i]) }));
  else if (selected === 'top') lines = (groups ?? []).slice(0, 5).map((g) => ({ name: `${labelOf(g.id)} · ${props.fields[0]}`, data: toObjects(shownGroups[g.id]?.[0]) }));
  else lines = props.fields.map((f, i) => ({ name: `${labelOf(selected)} · ${f}`, data: toObjects(shownGroups[selected]?.[i]) }));

  const common = { margin: { left: 8, right: 24, top: 8, bottom: 24 } };
  const axes = [
    <CartesianGrid key="grid" strokeDasharray="3 3" />,
    <XAxis
      key="x"
      dataKey="x"
      type="number"
      domain={['dataMin', 'dataMax']}
      scale={time ? 'time' : 'linear'}
      tickFormatter={xTick}
      allowDuplicatedCategory={false}
      label={{ value: props.xLabel, position: 'insideBottom', offset: -12 }}
    />,
    <YAxis key="y" tickFormatter={yTick} width={64} label={{ value: props.yLabel, angle: -90, position: 'insideLeft' }} />,
    <Tooltip key="tip" labelFormatter={(v) => x(Number(v))} formatter={tooltipValue} />,
    <Legend key="legend" verticalAlign="top" />,
  ];
  const selectId = `${props.id}-select`;
  return (
    <div>
      {groups && (
        <p className="chart-controls">
          <label htmlFor={selectId}>{props.text.show}</label>{' '}
          <select id={selectId} value={selected} onChange={(e) => setSelected(e.target.value)}>
            <option value="total">{props.text.total}</option>
            <option value="top">{props.text.top}</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.label}
              </option>
            ))}
          </select>
          <span role="status" className="chart-status">
            {status === 'loading' ? props.text.loading : status === 'error' ? props.text.error : ''}
          </span>
        </p>
      )}
      <div className="chart-canvas" style={{ height: 320 }} data-series={lines.map((l) => l.name).join('|')}>
        <ResponsiveContainer width="100%" height="100%">
          {props.type === 'area' ? (
            <AreaChart {...common}>
              {axes}
              {lines.map((l, i) => (
                <Area key={l.name} data={l.data} dataKey="y" name={l.name} stroke={PALETTE[i % PALETTE.length]} fill={PALETTE[i % PALETTE.length]} fillOpacity={0.15} isAnimationActive={false} />
              ))}
            </AreaChart>
          ) : (
            <LineChart {...common}>
              {axes}
              {lines.map((l, i) => (
                <Line key={l.name} data={l.data} dataKey="y" name={l.name} stroke={PALETTE[i % PALETTE.length]} dot={false} strokeWidth={2} isAnimationActive={false} />
              ))}
            </LineChart>
          )}
        </ResponsiveContainer>
      </div>
    </div>
  );
}

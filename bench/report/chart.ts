/**
 * bench/results/latest.svg, drawn from the numbers (no browser or chart library): throughput by
 * concurrency on a log scale, ceilings dashed and endpoints solid, and deep-page list latency by
 * table size.
 */
import { type BenchResults, ENDPOINTS } from './results.js';

const WIDTH = 1000;
const HEIGHT = 460;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

interface Line {
  label: string;
  color: string;
  dashed: boolean;
  values: number[];
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const text = (x: number, y: number, content: string, attributes = '') =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attributes}>${escape(content)}</text>`;
const compact = (value: number) => (value >= 1e6 ? `${value / 1e6}M` : value >= 1000 ? `${value / 1000}k` : String(value));

export function renderChart(results: BenchResults): string {
  const levels = results.settings.concurrency;
  const rps = (runs: { rps: number }[]) => runs.map((run) => run.rps);
  const lines: Line[] = [
    { label: 'ceiling: HTTP (bare Fastify)', color: '#7f7f7f', dashed: true, values: rps(results.ceilings.http) },
    { label: 'ceiling: pg SELECT by id', color: '#9ecae1', dashed: true, values: rps(results.ceilings.pgSelect) },
    { label: 'ceiling: pg INSERT', color: '#3182bd', dashed: true, values: rps(results.ceilings.pgInsert) },
    { label: 'ceiling: Temporal start', color: '#e6550d', dashed: true, values: rps(results.ceilings.temporalStart) },
    {
      label: 'ceiling: Temporal start, rollback journal (diagnostic)',
      color: '#fdae6b',
      dashed: true,
      values: rps(results.ceilings.temporalStartRollbackJournal),
    },
    ...ENDPOINTS.map((endpoint, index) => ({
      label: endpoint.label,
      color: ['#d62728', '#2ca02c', '#9467bd'][index]!,
      dashed: false,
      values: rps(results.endpoints[endpoint.key]),
    })),
  ];
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" ${FONT} font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    throughputPanel({ x: 70, y: 50, width: 470, height: 260 }, levels, lines),
    listPanel({ x: 660, y: 50, width: 310, height: 260 }, results),
    text(
      WIDTH / 2,
      HEIGHT - 12,
      `${results.environment.cores} cores, ${results.startedAt.slice(0, 10)}; details in latest.md`,
      'text-anchor="middle" fill="#666"',
    ),
    '</svg>',
  ];
  return `${parts.join('\n')}\n`;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function throughputPanel(box: Box, levels: number[], lines: Line[]): string {
  const all = lines.flatMap((line) => line.values).filter((value) => value > 0);
  const low = Math.floor(Math.log10(Math.min(...all)));
  const high = Math.ceil(Math.log10(Math.max(...all)));
  const xAt = (index: number) => box.x + (levels.length === 1 ? box.width / 2 : (index * box.width) / (levels.length - 1));
  const yAt = (value: number) => box.y + box.height - ((Math.log10(Math.max(value, 10 ** low)) - low) / (high - low || 1)) * box.height;
  const out: string[] = [text(box.x, box.y - 20, 'Throughput by concurrency (req/s, log scale)', 'font-size="14" font-weight="600"')];
  for (let power = low; power <= high; power++) {
    const y = yAt(10 ** power);
    out.push(
      `<line x1="${box.x}" x2="${box.x + box.width}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`,
      text(box.x - 8, y + 4, compact(10 ** power), 'text-anchor="end" fill="#444"'),
    );
  }
  levels.forEach((level, index) => out.push(text(xAt(index), box.y + box.height + 18, String(level), 'text-anchor="middle" fill="#444"')));
  out.push(text(box.x + box.width / 2, box.y + box.height + 36, 'concurrent connections / callers', 'text-anchor="middle" fill="#444"'));
  for (const line of lines) {
    const points = line.values.map((value, index) => `${xAt(index).toFixed(1)},${yAt(value).toFixed(1)}`).join(' ');
    out.push(
      `<polyline points="${points}" fill="none" stroke="${line.color}" stroke-width="${line.dashed ? 1.5 : 2.5}"${line.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    line.values.forEach((value, index) => out.push(`<circle cx="${xAt(index).toFixed(1)}" cy="${yAt(value).toFixed(1)}" r="3" fill="${line.color}"/>`));
  }
  // Legend below the axis label, two columns.
  lines.forEach((line, index) => {
    const x = box.x + (index % 2) * 300;
    const y = box.y + box.height + 60 + Math.floor(index / 2) * 18;
    out.push(
      `<line x1="${x}" x2="${x + 24}" y1="${y - 4}" y2="${y - 4}" stroke="${line.color}" stroke-width="${line.dashed ? 1.5 : 2.5}"${line.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    out.push(text(x + 30, y, line.label, 'fill="#222"'));
  });
  return out.join('\n');
}

function listPanel(box: Box, results: BenchResults): string {
  const sizes = [...new Set(results.listScaling.map((point) => point.rows))];
  const queries = [...new Set(results.listScaling.map((point) => point.query))];
  const colors = ['#3182bd', '#fd8d3c'];
  const max = Math.max(...results.listScaling.map((point) => point.run.latencyMs.p50)) * 1.25 || 1;
  const yAt = (value: number) => box.y + box.height - (value / max) * box.height;
  const group = box.width / Math.max(sizes.length, 1);
  const bar = (group * 0.7) / Math.max(queries.length, 1);
  const out: string[] = [text(box.x, box.y - 20, 'Deep-page list latency, p50 (ms)', 'font-size="14" font-weight="600"')];
  out.push(`<line x1="${box.x}" x2="${box.x + box.width}" y1="${box.y + box.height}" y2="${box.y + box.height}" stroke="#999"/>`);
  sizes.forEach((size, sizeIndex) => {
    const left = box.x + sizeIndex * group + group * 0.15;
    queries.forEach((query, queryIndex) => {
      const point = results.listScaling.find((candidate) => candidate.rows === size && candidate.query === query);
      if (!point) return;
      const value = point.run.latencyMs.p50;
      const x = left + queryIndex * bar;
      out.push(
        `<rect x="${x.toFixed(1)}" y="${yAt(value).toFixed(1)}" width="${(bar - 4).toFixed(1)}" height="${(box.y + box.height - yAt(value)).toFixed(1)}" fill="${colors[queryIndex % colors.length]}"/>`,
      );
      out.push(text(x + (bar - 4) / 2, yAt(value) - 4, value.toFixed(2), 'text-anchor="middle" font-size="10" fill="#222"'));
    });
    out.push(text(box.x + sizeIndex * group + group / 2, box.y + box.height + 18, `${compact(size)} orders`, 'text-anchor="middle" fill="#444"'));
  });
  queries.forEach((query, index) => {
    const y = box.y + box.height + 60 + index * 18;
    out.push(`<rect x="${box.x}" y="${y - 10}" width="12" height="12" fill="${colors[index % colors.length]}"/>`, text(box.x + 18, y, query, 'fill="#222"'));
  });
  return out.join('\n');
}

/**
 * The Prometheus text exposition format (version 0.0.4), just what a few gauges and counters need:
 * one `# HELP` and `# TYPE` line per family, then one sample per label set. Hand-rolled because the
 * workspace has no Prometheus client library; the format is small and stable.
 */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type MetricType = 'gauge' | 'counter';
export type Labels = Record<string, string>;

interface Family {
  help: string;
  type: MetricType;
  samples: Array<{ labels: Labels; value: number }>;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export class PrometheusText {
  private readonly families = new Map<string, Family>();

  /** Declares a family (once); samples are added with `sample`. Families print in declaration order. */
  family(name: string, type: MetricType, help: string): this {
    if (!METRIC_NAME.test(name)) throw new RangeError(`invalid metric name ${name}`);
    if (!this.families.has(name)) this.families.set(name, { help, type, samples: [] });
    return this;
  }

  sample(name: string, labels: Labels, value: number): this {
    const family = this.families.get(name);
    if (!family) throw new RangeError(`metric ${name} is not declared`);
    for (const label of Object.keys(labels)) if (!LABEL_NAME.test(label)) throw new RangeError(`invalid label name ${label}`);
    family.samples.push({ labels, value });
    return this;
  }

  /** Families without samples are left out: an absent series is not the same as a zero. */
  render(): string {
    const lines: string[] = [];
    for (const [name, family] of this.families) {
      if (family.samples.length === 0) continue;
      lines.push(`# HELP ${name} ${escapeHelp(family.help)}`, `# TYPE ${name} ${family.type}`);
      for (const { labels, value } of family.samples) lines.push(`${name}${renderLabels(labels)} ${renderValue(value)}`);
    }
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }
}

function renderLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

function renderValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

const escapeHelp = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabelValue = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

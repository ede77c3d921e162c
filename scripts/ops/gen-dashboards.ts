// Writes the Grafana dashboards of scripts/ops/grafana-dashboards.ts to deploy/monitoring/grafana/dashboards/.
import { writeFileSync } from 'node:fs';
import { renderDashboards } from './grafana-dashboards.ts';

const dir = new URL('../../deploy/monitoring/grafana/dashboards/', import.meta.url).pathname;
for (const [file, text] of renderDashboards()) {
  writeFileSync(`${dir}${file}`, text);
  console.log(`wrote deploy/monitoring/grafana/dashboards/${file}`);
}

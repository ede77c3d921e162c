// Writes `.env.example` and `docs/configuration.md` from the configuration schema.
import { writeFileSync } from 'node:fs';
import { renderConfigurationDoc, renderEnvExample } from '@xcr/contracts';

const root = new URL('..', import.meta.url).pathname;
writeFileSync(`${root}.env.example`, renderEnvExample());
writeFileSync(`${root}docs/configuration.md`, renderConfigurationDoc());
console.log('wrote .env.example and docs/configuration.md');

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { AGENT_ROLES, DEPLOYER_ROLES } from '@lama/agent';
import { REGISTRAR_ROLES, type RoleTable } from '@lama/lookup';
import { GRAND_ROLES } from '../src/index.js';

function architecturePage(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'docs', 'architecture.md'))) dir = dirname(dir);
  return readFileSync(join(dir, 'docs', 'architecture.md'), 'utf8');
}

/** The "Roles per RPC" tables of docs/architecture.md: service heading → method → roles text. */
function documentedTables(): Map<string, Map<string, string>> {
  const page = architecturePage();
  const start = page.indexOf('## Roles per RPC');
  expect(start, 'docs/architecture.md has a "Roles per RPC" section').to.be.greaterThan(-1);
  const end = page.indexOf('\n## ', start + 1);
  const tables = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of page.slice(start, end === -1 ? undefined : end).split('\n')) {
    const heading = /^### (\w+)/.exec(line);
    if (heading) tables.set(heading[1], (current = new Map()));
    const row = /^\| (\w+) \| ([^|]+) \|$/.exec(line);
    if (row && current && row[1] !== 'method') current.set(row[1], row[2].trim());
  }
  return tables;
}

const asText = (table: RoleTable): [string, string][] => Object.entries(table).map(([m, roles]) => [m, roles.length ? roles.join(', ') : 'any pool role']);

describe('docs/architecture.md "Roles per RPC" matches the guard tables', () => {
  const docs = documentedTables();
  for (const [service, table] of [['Registrar', REGISTRAR_ROLES], ['Agent', AGENT_ROLES], ['Deployer', DEPLOYER_ROLES], ['Grand', GRAND_ROLES]] as const) {
    it(service, () => {
      expect([...(docs.get(service) ?? new Map<string, string>()).entries()]).to.deep.equal(asText(table));
    });
  }
});

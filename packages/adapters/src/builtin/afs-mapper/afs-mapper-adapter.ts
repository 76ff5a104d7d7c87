import { defineAdapter } from '../../sdk/adapter.js';
import { ABS_PATH } from '../apache/patterns.js';
import { AfsMapperInstance } from './afs-mapper-instance.js';
import { NAME, parseAfsMapperOptions, type AfsMapperOptions } from './options.js';

/**
 * The Khnum file-system mapper (seed 000 §3.2): Start maps a shared tree onto the local disk
 * by mapping 4-tuples and runs the post-mapping scripts, all or nothing; Stop removes exactly
 * what the journal says it made. Conflicts are found before anything changes.
 */
export const afsMapperAdapter = defineAdapter<AfsMapperOptions>({
  type: 'afs-mapper',
  description: 'Maps a shared tree onto the local disk by mapping 4-tuples (mktree, mkdir, mklink, post-mapping script); Start = map (all or nothing, conflicts refused before any change), Stop = clean exactly what was made.',
  roles: [],
  params: {
    mapping: { type: 'string', pattern: ABS_PATH, description: 'the mapping file (YAML or JSON); only while stopped' },
    site: { type: 'string', pattern: NAME, description: "the site's name (LAMA_SITE for the scripts); only while stopped" },
    shared: { type: 'string', pattern: ABS_PATH, description: 'what relative shared paths resolve against (a site replica), within sharedRoots; only while stopped' },
    scriptTimeoutMs: { type: 'integer', min: 100, max: 600_000, description: 'deadline of each post-mapping script, from the next Start' },
  },
  options: parseAfsMapperOptions,
  create: (options, ctx) => new AfsMapperInstance(options, ctx),
});

export type { AfsMapperOptions } from './options.js';

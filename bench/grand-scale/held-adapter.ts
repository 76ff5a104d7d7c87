// The adapter of the grand-scale benchmark's served nodes: no process, RUNNING once started, so
// those nodes serve the bench's service (role bench-web) and their load enters its decisions.
import { defineAdapter } from '@lama/adapters';

export default defineAdapter({
  type: 'bench-held',
  description: 'Runs nothing: RUNNING once started, for a benchmark whose load is simulated.',
  roles: ['bench-web'],
  params: {},
  options: () => ({}),
  create: () => ({
    start: async () => undefined,
    stop: async () => undefined,
    status: async () => ({}),
    set: async () => undefined,
    params: () => ({}),
  }),
});

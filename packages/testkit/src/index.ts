// @lama/testkit: helpers shared by tests and benchmarks (never by the product). The lama
// process wrapper is '@lama/testkit/process', apart, so that package tests can use this part.
export { freePort } from './ports.js';
export { sleep, until } from './waits.js';
export { contentDigest, generateTree, resolvedFiles, treeDigest, treeSnapshot, type TreeEntry, type TreeShape } from './trees.js';
export { childPids, childrenOf, cpuSeconds, isRunning, memoryMb, rssMb, startTimeOf, ticksPerSecond } from './proc.js';
export { seededRandom } from './random.js';
export { seriesOf, type MetricsJsonSource } from './prometheus.js';

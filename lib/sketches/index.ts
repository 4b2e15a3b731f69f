export { DDSketch, DDSKETCH_FORMAT_VERSION, type DDSketchOptions } from './ddsketch';
export { HyperLogLog, HYPERLOGLOG_FORMAT_VERSION, type HyperLogLogOptions } from './hyperloglog';
export { TopK, TOPK_FORMAT_VERSION, type TopKEntry, type TopKOptions } from './top-k';
export { SketchFormatError } from './codec';

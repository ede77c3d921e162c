// The API fuzzing suite (fuzz-suite.ts) against the server in production mode.
import { describeApiFuzzing } from './fuzz-suite.ts';

describeApiFuzzing('production');

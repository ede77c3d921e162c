// The API fuzzing suite (fuzz-suite.ts) against the server in embedded mode.
import { describeApiFuzzing } from './fuzz-suite.ts';

describeApiFuzzing('embedded');

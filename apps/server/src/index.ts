export { runServe, parseRolesArg } from './main.ts';
export { startServer, checkRoles, type RunningServer } from './server.ts';

export { buildApp, type BuildAppOptions, type BuiltApp } from './build-app';
export { externalPackages, packageName, runtimeDependencyProblems } from './runtime-dependencies';
export { readWorkspaces, runtimeClosure, workspaceOf, type Workspace } from './workspaces';

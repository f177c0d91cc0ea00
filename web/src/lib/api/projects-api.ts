// REST calls about where sessions work (docs/projects.md): the projects, the folder
// picker, Claude Code's own transcripts, and what the CLI offers in a project.
import {
  QueryParam,
  Route,
  type Capabilities,
  type FolderListing,
  type ProjectsResponse,
  type TranscriptsResponse,
} from '../../types/websocket';
import { request, withQuery } from './request';

export function listProjects(): Promise<ProjectsResponse> {
  return request<ProjectsResponse>(Route.projects);
}

export interface FolderQuery {
  path?: string; // none: the first root
  offset?: number;
  limit?: number;
  hidden?: boolean;
}

export function listFolders(query: FolderQuery): Promise<FolderListing> {
  return request<FolderListing>(
    withQuery(Route.folders, {
      [QueryParam.path]: query.path,
      [QueryParam.offset]: query.offset,
      [QueryParam.limit]: query.limit,
      [QueryParam.hidden]: query.hidden ? 1 : undefined,
    }),
  );
}

export function listTranscripts(): Promise<TranscriptsResponse> {
  return request<TranscriptsResponse>(Route.transcripts);
}

export function getCapabilities(cwd: string): Promise<Capabilities> {
  return request<Capabilities>(withQuery(Route.capabilities, { [QueryParam.cwd]: cwd }));
}

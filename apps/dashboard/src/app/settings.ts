/**
 * Every timing and limit of the dashboard, in one place. The dashboard is a static build, so
 * these are changed here and take effect with the next build; the coordinator's own settings
 * are environment variables (apps/coordinator/src/config).
 */

// Live data

/** Longest wait between reconnection attempts of `/live`: a restarted coordinator is found within this. */
export const LIVE_RECONNECT_DELAY_MAX_MS = 5_000;
/**
 * How long the run view waits for `run:snapshot` after subscribing before reading the run over
 * REST instead (a coordinator whose run engine has not registered a snapshot reader sends none).
 */
export const SNAPSHOT_WAIT_MS = 1_500;
/**
 * Shortest time between two re-renders of the run view by live updates (they are also batched
 * per animation frame). Each costs the browser a layout and paint of the whole graph, which on
 * a thousand nodes is tens of milliseconds; ten a second still reads as live.
 */
export const LIVE_UPDATE_MIN_INTERVAL_MS = 100;
/** Log lines fetched per request when the run view catches up after a (re)connect. */
export const LOG_BACKFILL_PAGE_SIZE = 500;
/** Log lines kept in the browser per run; older ones stay readable through the API. */
export const LIVE_LOG_LINES_KEPT = 5_000;
/**
 * Metric samples an open agents page keeps per agent as live batches arrive: the endpoint's
 * default page (RH_METRICS_PAGE_SIZE), so the chart neither grows without end nor loses what
 * the first read showed.
 */
export const METRIC_SAMPLES_KEPT = 1_000;
/** Metric series drawn per agent: the first few names, alphabetically. */
export const METRIC_SERIES_SHOWN = 3;

// Clocks: how often times shown relative to now are redrawn

/** Running durations in the run view (only running nodes listen). */
export const RUN_CLOCK_TICK_MS = 1_000;
/** Relative times and running durations in the run history. */
export const HISTORY_CLOCK_TICK_MS = 5_000;
/** "Last heartbeat 4 s ago" on the agents page. */
export const AGENTS_CLOCK_TICK_MS = 2_000;
/** "5 min ago" in the workflow list. */
export const WORKFLOW_LIST_CLOCK_TICK_MS = 30_000;

// Sizes and limits

/** Runs fetched per page of the run history. */
export const RUN_HISTORY_PAGE_SIZE = 100;
/**
 * Child runs a parent's view lists (the API's largest page): a foreach over more items shows
 * its first ones and says how many more there are in the run history.
 */
export const CHILD_RUNS_SHOWN = 500;
/**
 * How far the editor may zoom out: far enough that opening a workflow of a dozen steps fits
 * it on a phone's width (React Flow's own limit, 0.5, cut the ends off).
 */
export const EDITOR_MIN_ZOOM = 0.1;
/** Below this zoom a run node's text is too small to read, and nodes are drawn compact. */
export const RUN_NODE_DETAIL_MIN_ZOOM = 0.55;
/** Height of the run view's log panel once it has lines; it is only a header while it has none. */
export const LOG_PANEL_DEFAULT_HEIGHT_PX = 220;
/** The log panel is never resized below a few lines... */
export const LOG_PANEL_MIN_HEIGHT_PX = 96;
/** ...nor above this share of the run view's height: the graph keeps the rest. */
export const LOG_PANEL_MAX_SHARE = 0.7;
/** One press of an arrow key on the log panel's resize handle moves it this far. */
export const LOG_PANEL_KEY_STEP_PX = 40;
/** Longest node output shown inline in the run view; the API has all of it. */
export const OUTPUT_PREVIEW_MAX_CHARS = 4_000;
/** Steps kept to undo in the editor; older ones are dropped. A document is small, so this is cheap. */
export const HISTORY_LIMIT = 200;
/** How long a notice stays up. */
export const TOAST_VISIBLE_MS = 3_500;
/** How long an error notice stays up: longer, as it usually needs reading. */
export const ERROR_TOAST_VISIBLE_MS = 7_000;

// Schedules, batches, the queue

/**
 * The schedules, batches and queue pages read their data again this often although no run
 * update came (a fire that started nothing, a batch's progress on another coordinator): the
 * coordinator publishes runs live, not schedules or batches.
 */
export const TRIGGER_PAGES_REFRESH_MS = 5_000;
/** A burst of run updates reads those pages again at most this often. */
export const TRIGGER_PAGES_LIVE_MIN_INTERVAL_MS = 1_000;
/** Items of a batch shown per page of its view. */
export const BATCH_ITEMS_PAGE_SIZE = 100;
/** Typing a cron waits this long before its next fire times are asked for. */
export const SCHEDULE_PREVIEW_DELAY_MS = 400;

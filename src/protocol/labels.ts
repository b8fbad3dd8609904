/** The model's human names, shared by the tree (host) and the panels (webview); defined in core so reports use the same words. */
export * from '../core/labels';

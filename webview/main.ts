/** Entry of the panels' bundle (dist/webview/main.js). */
import './app/agent-audit-app';

/** The portal's entry: the theme, the icon libraries (bundled, same origin), then the app element. */
import './styles/global.css';
import { registerIcons } from './icons.js';
import './app/portal-app.js';

registerIcons();

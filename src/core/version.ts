// The app version stamped into every project and every derived object.
import pkg from '../../package.json';
export const APP_VERSION: string = pkg.version;

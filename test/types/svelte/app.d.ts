// the generated types of <idmobile-check>, once for the app
import type {} from 'idmobile-check/svelte';

// the generated template types of <idmobile-check>, once for the app
import type {} from 'idmobile-check/vue';

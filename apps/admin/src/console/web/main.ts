/// <reference lib="dom" />
// The console's entry point, bundled to /console/app.js.
import { adminToken, cookieSession, whenUnauthorized } from './api';
import { confirmationsPage } from './pages/confirmations.page';
import { connectionsPage } from './pages/connections.page';
import { deadLettersPage } from './pages/dead-letters.page';
import { defaultsPage } from './pages/defaults.page';
import { queuesPage } from './pages/queues.page';
import { recordPage } from './pages/record.page';
import { recordsPage } from './pages/records.page';
import { rulesPage } from './pages/rules.page';
import { signInPage, signOut } from './pages/signin.page';
import { render, route } from './router';

route('/connections', connectionsPage);
route('/connections/:id/rules', rulesPage, '/connections');
route('/defaults', defaultsPage);
route('/employees', recordsPage('employees'));
route('/employees/:id', recordPage('employees'), '/employees');
route('/contacts', recordsPage('contacts'));
route('/contacts/:id', recordPage('contacts'), '/contacts');
route('/queues', queuesPage);
route('/dead-letters', deadLettersPage);
route('/confirmations', confirmationsPage);

const nav = document.getElementById('nav') as HTMLElement;
const signOutButton = document.getElementById('sign-out') as HTMLButtonElement;
const signIn = signInPage(() => show());

/** who the cookie session names (K7): an Entra operator, or null when the token in this tab is the sign-in */
let operator: string | null = null;

function show(): void {
  const signedIn = adminToken.get() !== null || operator !== null;
  nav.hidden = !signedIn;
  signOutButton.hidden = !signedIn;
  signOutButton.textContent = operator ? `Sign out ${operator}` : 'Sign out';
  void render(signedIn ? undefined : signIn);
}

whenUnauthorized(() => {
  adminToken.clear();
  operator = null;
  show();
});
signOutButton.addEventListener(
  'click',
  () =>
    void signOut().then(() => {
      operator = null;
      show();
    }),
);
window.addEventListener('hashchange', show);
// the skip link must not become a route: it moves focus to the page instead
document.querySelector('.skip')?.addEventListener('click', (event) => {
  event.preventDefault();
  document.getElementById('main')?.focus();
});
// an Entra sign-in comes back with a cookie session and no token in this tab
void cookieSession()
  .then((session) => {
    if (session?.actor.kind === 'entra') operator = session.actor.name;
  })
  .finally(show);

/// <reference lib="dom" />
import { adminToken, api, ApiError, describeError, signInProviders } from '../api';
import { field, h, notice } from '../dom';
import type { View } from '../router';

/**
 * The admin token, asked for once per tab. It is checked against the API, then the console asks for the
 * queue-dashboard cookie (bull-board cannot send a bearer header).
 */
export function signInPage(onSignedIn: () => void) {
  return (view: View): void => {
    const input = h('input', {
      type: 'password',
      name: 'token',
      autocomplete: 'current-password',
      required: true,
      spellcheck: 'false',
    });
    const message = h('div', {});
    const form = h(
      'form',
      { className: 'card narrow', 'aria-labelledby': 'signin-title' },
      field('Admin token', input, 'ADMIN_TOKEN — `npm start` prints it. Kept in this browser tab only.'),
      h('button', { type: 'submit' }, 'Sign in'),
      message,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void signIn(input.value.trim(), message, onSignedIn);
    });
    const title = view.heading('Sign in');
    title.id = 'signin-title';
    view.main.append(title, form);
    void signInProviders().then(({ entra }) => {
      if (!entra) return;
      const microsoft = h('a', { className: 'button', href: entra.loginUrl }, 'Sign in with Microsoft');
      form.before(
        h(
          'section',
          { className: 'card narrow', 'aria-label': 'Sign in with your Entra account' },
          h('p', {}, 'Operators sign in with their Entra account (members of the allowed group).'),
          microsoft,
        ),
      );
    });
  };
}

async function signIn(token: string, message: HTMLElement, onSignedIn: () => void): Promise<void> {
  message.replaceChildren();
  if (!token) return;
  try {
    await api('GET', '/api/connections?limit=1', undefined, token);
    await api('POST', '/api/console/session', undefined, token);
  } catch (err) {
    message.replaceChildren(
      notice(
        'error',
        err instanceof ApiError && err.status === 401 ? 'That is not the admin token.' : describeError(err),
      ),
    );
    return;
  }
  adminToken.set(token);
  onSignedIn();
}

/** Sign-out: the token leaves sessionStorage and the dashboard cookie is cleared. */
export async function signOut(): Promise<void> {
  await api('DELETE', '/api/console/session').catch(() => undefined);
  adminToken.clear();
}

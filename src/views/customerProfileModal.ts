import { CUSTOMER_PROFILE_MAX, validateCustomerProfile } from '../decisions/answerForm.js';

export const CUSTOMER_PROFILE_BLOCK = 'customer_profile';

/** Checks the customer description typed in a form: the text to store, or the error to show. */
export function checkCustomerProfileForm(text: string | null | undefined) {
  const checked = validateCustomerProfile(text);
  return checked.ok ? checked : { ok: false as const, error: customerProfileError(checked.problem) };
}

/** The customer description's error, as its input shows it. */
export function customerProfileError(problem: 'too-long'): string {
  return problem === 'too-long' ? `Keep the description to ${CUSTOMER_PROFILE_MAX} characters or fewer.` : '';
}

export const CUSTOMER_PROFILE_CALLBACK = 'customer_profile';

/** `/decision customer`: who the typical customer is and what they value, once for the workspace. */
export function buildCustomerProfileModal(current: string | null | undefined) {
  return {
    type: 'modal' as const,
    callback_id: CUSTOMER_PROFILE_CALLBACK,
    title: { type: 'plain_text' as const, text: 'Our typical customer' },
    submit: { type: 'plain_text' as const, text: 'Save' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: ':chair: Everyone answering the three questions sees this beside questions 1 and 2, so they answer for a real customer.',
        },
      },
      {
        type: 'input',
        block_id: CUSTOMER_PROFILE_BLOCK,
        label: { type: 'plain_text', text: 'Who is our typical customer, and what do they value?' },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          multiline: true,
          max_length: CUSTOMER_PROFILE_MAX,
          ...(current ? { initial_value: current } : {}),
        },
      },
    ],
  };
}

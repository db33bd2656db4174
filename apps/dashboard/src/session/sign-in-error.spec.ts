import { takeSignInError } from './sign-in-error';

describe('takeSignInError', () => {
  it('takes the message out of the address, keeping the rest', () => {
    expect(takeSignInError('https://hub.example.com/runs?page=2&signInError=the%20identity%20provider%20did%20not%20sign%20you%20in#top')).toEqual({
      message: 'the identity provider did not sign you in',
      cleanHref: 'https://hub.example.com/runs?page=2#top',
    });
  });

  it('answers null without one, or with an empty one', () => {
    expect(takeSignInError('https://hub.example.com/')).toEqual({ message: null, cleanHref: 'https://hub.example.com/' });
    expect(takeSignInError('https://hub.example.com/?signInError=%20').message).toBeNull();
  });

  it('cuts a message longer than the coordinator ever writes', () => {
    expect(takeSignInError(`https://hub.example.com/?signInError=${'x'.repeat(1000)}`).message).toHaveLength(300);
  });
});

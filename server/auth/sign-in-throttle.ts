/** Keys of the sign-in throttle: one per account (email, known or not) and one per client address. */
export const throttleKey = {
  account: (email: string) => `account:${email}`,
  address: (ip: string) => `address:${ip}`,
};

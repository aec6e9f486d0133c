// A user's own case folder: no case.ts, defaults apply.
const sessions = new Map<number, { user: string; cart: number[] }>();
let next = 0;

export default {
  iteration() {
    const id = next++;
    sessions.set(id, { user: `user-${id}`, cart: [id, id * 2, id * 3] });
    // forgot: sessions.delete(id) when the request ends
  },
};

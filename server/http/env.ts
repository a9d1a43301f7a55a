/**
 * What middleware hands to route handlers: the signed-in staff member, when there is one.
 */
import type { User } from "../store/users.ts";

export interface AppEnv {
  Variables: {
    user: User;
    sessionTokenHash: string;
  };
}

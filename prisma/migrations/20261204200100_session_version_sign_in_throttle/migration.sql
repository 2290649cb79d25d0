-- AlterTable: a user's sessions carry the version they were signed in under; raising it
-- (sign-out everywhere, disabling the account) ends every one of them, live sockets included.
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateTable: failed sign-ins per key ('account:<email>' or 'address:<ip>') in the current window,
-- counted with one atomic upsert per attempt so that parallel guesses cannot slip past the limit.
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStartedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("key")
);

// Node-level tests run on the shared tool clock sped up (tooling/clock.ts): renders, polls, backoffs and
// deadlines pass KLING_TEST_SPEED times faster (default 10; 1 = real time) while every HTTP exchange
// stays real. Unit tests use their own fake or virtual clocks and are not affected.
import { speedUp } from '../../tooling/clock';

speedUp(Number(process.env.KLING_TEST_SPEED ?? 10));

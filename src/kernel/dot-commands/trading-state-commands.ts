/**
 * `.halt [reason]` and `.resume`: the node's trading state from the REPL (local node or `keel attach`).
 * The answer is the audited change (source 'repl'; an attached node records the key that signed in), or
 * the refusal returned as a value (halting a halted node is INVALID_STATE_TRANSITION, nothing changed).
 */
import { EngineError, type ConfigChange } from '../../engine/index.js';
import type { ReplCommand } from '../repl/index.js';
import type { SessionNode } from '../session/live-node.js';

function settle(run: () => ConfigChange | Promise<ConfigChange>): unknown {
  try {
    const answer = run();
    return answer instanceof Promise ? answer.catch((error: unknown) => error) : answer;
  } catch (error) {
    return error;
  }
}

function unsupported(command: string): EngineError {
  return new EngineError('COMMAND_ARGUMENT_INVALID', `.${command}: expected a node with a trading state (a TradingNode or an attached node), received one without`, { command });
}

export function tradingStateCommands(node: SessionNode): ReplCommand[] {
  return [
    {
      name: 'halt',
      help: 'Halt trading: every new order is denied, cancels still go out (.halt [reason]; .resume to trade again)',
      action(arg: string): unknown {
        const reason = arg.trim();
        if (!node.halt) return unsupported('halt');
        const halt = node.halt.bind(node);
        return settle(() => halt(reason === '' ? undefined : reason, 'repl'));
      },
    },
    {
      name: 'resume',
      help: 'Resume trading after .halt (trading state ACTIVE)',
      action(arg: string): unknown {
        if (arg.trim() !== '') return new EngineError('COMMAND_ARGUMENT_INVALID', `.resume: expected no argument, received '${arg.trim()}'`, { received: arg.trim() });
        if (!node.resume) return unsupported('resume');
        const resume = node.resume.bind(node);
        return settle(() => resume('repl'));
      },
    },
  ];
}

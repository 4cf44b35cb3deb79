import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '#domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';

/** One table from domain error code to HTTP status. */
const STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  NOT_FOUND: HttpStatus.NOT_FOUND,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  INVALID_CREDENTIALS: HttpStatus.UNAUTHORIZED,
  STALE_VERSION: HttpStatus.CONFLICT,
  DUPLICATE: HttpStatus.CONFLICT,
  INVALID_STAGE_TRANSITION: HttpStatus.UNPROCESSABLE_ENTITY,
  SAME_STAGE: HttpStatus.UNPROCESSABLE_ENTITY,
  CORRECTION_NOT_ALLOWED: HttpStatus.FORBIDDEN,
  REASON_REQUIRED: HttpStatus.UNPROCESSABLE_ENTITY,
  EFFECTIVE_DATE_IN_FUTURE: HttpStatus.UNPROCESSABLE_ENTITY,
  EFFECTIVE_DATE_BEFORE_CURRENT_STAGE: HttpStatus.UNPROCESSABLE_ENTITY,
  INVALID_DATE: HttpStatus.BAD_REQUEST,
  INVALID_REFERENCE: HttpStatus.UNPROCESSABLE_ENTITY,
  INVALID_ISSUE_TRANSITION: HttpStatus.UNPROCESSABLE_ENTITY,
  OUT_OF_SCOPE: HttpStatus.FORBIDDEN,
  EXPORT_TOO_LARGE: HttpStatus.BAD_REQUEST,
  INVALID_STATUS_TRANSITION: HttpStatus.UNPROCESSABLE_ENTITY,
  CALLBACK_REQUIRED: HttpStatus.UNPROCESSABLE_ENTITY,
};

/** PostgreSQL errors that are the client's fault, should a guard upstream have missed them. */
const PG_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  '23505': { status: HttpStatus.CONFLICT, code: 'DUPLICATE', message: 'A record with the same unique value exists' },
  '23503': { status: HttpStatus.UNPROCESSABLE_ENTITY, code: 'INVALID_REFERENCE', message: 'A referenced record does not exist' },
  '23514': { status: HttpStatus.BAD_REQUEST, code: 'VALIDATION_FAILED', message: 'A value is out of its allowed range' },
  '22P02': { status: HttpStatus.BAD_REQUEST, code: 'VALIDATION_FAILED', message: 'A value has the wrong format' },
  '22003': { status: HttpStatus.BAD_REQUEST, code: 'VALIDATION_FAILED', message: 'A number is too large' },
  '22001': { status: HttpStatus.BAD_REQUEST, code: 'VALIDATION_FAILED', message: 'A text value is too long' },
  '23502': { status: HttpStatus.BAD_REQUEST, code: 'VALIDATION_FAILED', message: 'A required value is missing' },
  '22021': { status: HttpStatus.BAD_REQUEST, code: 'VALIDATION_FAILED', message: 'Text may not contain NUL characters (\\u0000)' },
  '22007': { status: HttpStatus.BAD_REQUEST, code: 'VALIDATION_FAILED', message: 'A date or time has the wrong format' },
  '22008': { status: HttpStatus.BAD_REQUEST, code: 'VALIDATION_FAILED', message: 'A date or time is out of range' },
};

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  errorId?: string;
}

/** The single global error filter: domain codes, HTTP exceptions, PostgreSQL errors, and 500 with an errorId. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const body = this.toBody(exception, request);
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown, request: FastifyRequest): ErrorBody {
    if (exception instanceof DomainError) {
      return { statusCode: STATUS_BY_CODE[exception.code], code: exception.code, message: exception.message, details: exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      if (typeof res === 'object' && res !== null && 'code' in res) {
        return { statusCode: status, ...(res as Omit<ErrorBody, 'statusCode'>) };
      }
      const message = typeof res === 'string' ? res : ((res as { message?: string | string[] }).message ?? exception.message);
      return { statusCode: status, code: httpCode(status), message: Array.isArray(message) ? message.join('; ') : message };
    }
    const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      // Fastify's own errors: malformed JSON, body too large, unsupported media type.
      return { statusCode: fastifyStatus, code: httpCode(fastifyStatus), message: (exception as Error).message };
    }
    if (exception instanceof QueryFailedError) {
      const pgCode = (exception.driverError as { code?: string })?.code;
      const known = pgCode ? PG_ERRORS[pgCode] : undefined;
      if (known) {
        return { statusCode: known.status, code: known.code, message: known.message, details: { constraint: (exception.driverError as { constraint?: string }).constraint } };
      }
    }
    const errorId = randomUUID();
    this.logger.error(`${errorId} ${request.method} ${request.url}: ${(exception as Error)?.stack ?? String(exception)}`);
    return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal server error', errorId };
  }
}

function httpCode(status: number): string {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 422:
      return 'UNPROCESSABLE';
    case 429:
      return 'TOO_MANY_REQUESTS';
    default:
      return `HTTP_${status}`;
  }
}

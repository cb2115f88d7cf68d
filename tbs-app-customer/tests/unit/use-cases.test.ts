import { beforeEach, describe, expect, it } from 'vitest';
import { GetMyProfile } from '../../src/application/get-my-profile';
import { ListCustomers } from '../../src/application/list-customers';
import { RegisterCustomer } from '../../src/application/register-customer';
import { UpdateMyProfile } from '../../src/application/update-my-profile';
import {
  CustomerNotFoundError,
  CustomerVersionConflictError,
  StaleCustomerVersionError,
} from '../../src/domain/customer-errors';
import { AROHA_ID, TAMATI_ID, WELLINGTON } from '../fixtures/customers';
import {
  FixedClock,
  InMemoryCustomerRepository,
  type RecordingEventRelay,
  SequentialIds,
} from '../fixtures/in-memory-customer-repository';

const signUp = {
  customerId: AROHA_ID,
  email: 'aroha@example.com',
  name: 'Aroha Ngata',
  shippingAddress: WELLINGTON,
  correlationId: 'req-1',
};

describe('customer use cases (in-memory ports)', () => {
  let repository: InMemoryCustomerRepository;
  let relay: RecordingEventRelay;
  let clock: FixedClock;
  let register: RegisterCustomer;
  let getMyProfile: GetMyProfile;
  let update: UpdateMyProfile;

  beforeEach(() => {
    repository = new InMemoryCustomerRepository();
    relay = repository.relay;
    clock = new FixedClock();
    const ids = new SequentialIds();
    register = new RegisterCustomer(repository, clock, ids);
    getMyProfile = new GetMyProfile(repository);
    update = new UpdateMyProfile(getMyProfile, repository, clock, ids);
  });

  describe('RegisterCustomer', () => {
    it('creates the profile and publishes CustomerRegistered after it is stored', async () => {
      const { customer, created } = await register.execute(signUp);
      expect(created).toBe(true);
      expect(customer.name).toBe('Aroha Ngata');
      expect(relay.correlationIds).toEqual(['req-1']);
      expect((await repository.findById(AROHA_ID))?.email).toBe('aroha@example.com');
      expect(relay.relayed).toEqual([customer.pendingEvents[0]?.eventId]);
      expect(repository.outbox.size).toBe(0);
    });

    it('is idempotent: a repeated confirmation stores and publishes nothing more', async () => {
      await register.execute(signUp);
      const again = await register.execute({ ...signUp, name: 'Someone Else', correlationId: 'req-2' });
      expect(again.created).toBe(false);
      expect(again.customer.name).toBe('Aroha Ngata');
      expect(repository.saves).toBe(1);
      expect(relay.relayed).toHaveLength(1);
    });

    it('treats a concurrent duplicate that wins the write as already registered', async () => {
      const racing = new RegisterCustomer(repository, clock, new SequentialIds());
      // Both read "no profile" before either writes.
      const [first, second] = await Promise.all([register.execute(signUp), racing.execute(signUp)]);
      expect([first.created, second.created].sort()).toEqual([false, true]);
      expect(repository.saves).toBe(1);
      expect(relay.relayed).toHaveLength(1);
    });

    it('keeps the account but leaves out an address that fails validation', async () => {
      const { customer } = await register.execute({
        ...signUp,
        shippingAddress: { ...WELLINGTON, country: 'Aotearoa' },
      });
      expect(customer.shippingAddress).toBeNull();
    });

    it('refuses a confirmation without names', async () => {
      await expect(register.execute({ ...signUp, name: '' })).rejects.toMatchObject({ field: 'name' });
      expect(repository.profiles.size).toBe(0);
      expect(relay.relayed).toEqual([]);
    });

    it('leaves the event in the outbox when publishing fails, for the relay to send later', async () => {
      relay.failing = true;
      const { created } = await register.execute(signUp);
      expect(created).toBe(true);
      expect(repository.outbox.size).toBe(1);

      relay.failing = false;
      const relayed = await relay.publishPending();
      expect(relayed).toEqual({ published: 1, failed: 0 });
      expect(repository.outbox.size).toBe(0);
    });
  });

  describe('GetMyProfile', () => {
    it('answers the profile of the given customer only', async () => {
      await register.execute(signUp);
      await register.execute({ ...signUp, customerId: TAMATI_ID, email: 'tamati@example.com', name: 'Tamati Kereama' });
      expect((await getMyProfile.execute(TAMATI_ID)).name).toBe('Tamati Kereama');
      expect((await getMyProfile.execute(AROHA_ID.toUpperCase())).name).toBe('Aroha Ngata');
    });

    it('is not found before the profile exists, and for ids that cannot be Cognito subs', async () => {
      await expect(getMyProfile.execute(AROHA_ID)).rejects.toBeInstanceOf(CustomerNotFoundError);
      await expect(getMyProfile.execute('CUSTOMER#x')).rejects.toBeInstanceOf(CustomerNotFoundError);
    });
  });

  describe('UpdateMyProfile', () => {
    const changes = { name: 'Aroha Ngata', shippingAddress: { ...WELLINGTON, city: 'Porirua' } };

    it('stores the change and publishes CustomerProfileUpdated', async () => {
      await register.execute(signUp);
      const updated = await update.execute({ customerId: AROHA_ID, changes, correlationId: 'req-3' });
      expect(updated.version).toBe(2);
      expect((await repository.findById(AROHA_ID))?.shippingAddress?.toJSON().city).toBe('Porirua');
      expect(relay.relayed).toHaveLength(2);
    });

    it('honours If-Match: the current version passes, a stale one is refused', async () => {
      await register.execute(signUp);
      await update.execute({ customerId: AROHA_ID, changes, expectedVersion: 1, correlationId: 'req-3' });
      await expect(
        update.execute({
          customerId: AROHA_ID,
          changes: { ...changes, name: 'Ari Ngata' },
          expectedVersion: 1,
          correlationId: 'req-4',
        }),
      ).rejects.toBeInstanceOf(StaleCustomerVersionError);
      expect((await repository.findById(AROHA_ID))?.name).toBe('Aroha Ngata');
    });

    it('writes and publishes nothing when nothing changed', async () => {
      await register.execute(signUp);
      const same = await update.execute({
        customerId: AROHA_ID,
        changes: { name: 'Aroha Ngata', shippingAddress: WELLINGTON },
        correlationId: 'req-3',
      });
      expect(same.version).toBe(1);
      expect(repository.saves).toBe(1);
      expect(relay.relayed).toHaveLength(1);
    });

    it('loses against a write that happened after it read the profile', async () => {
      await register.execute(signUp);
      const original = repository.findById.bind(repository);
      repository.findById = async (id) => {
        const snapshot = await original(id);
        repository.findById = original;
        await update.execute({ customerId: AROHA_ID, changes, correlationId: 'req-other' });
        return snapshot;
      };
      await expect(
        update.execute({ customerId: AROHA_ID, changes: { ...changes, name: 'Ari Ngata' }, correlationId: 'req-3' }),
      ).rejects.toBeInstanceOf(CustomerVersionConflictError);
    });

    it('is not found for a customer without a profile', async () => {
      await expect(update.execute({ customerId: TAMATI_ID, changes, correlationId: 'r' })).rejects.toBeInstanceOf(
        CustomerNotFoundError,
      );
    });
  });

  describe('ListCustomers', () => {
    it('pages through every customer, newest first, with the limit clamped to 1..100', async () => {
      const ids = [AROHA_ID, TAMATI_ID, '3c3c3c3c-3c3c-4c3c-8c3c-3c3c3c3c3c3c'];
      for (const [index, id] of ids.entries()) {
        clock.advance(1000);
        await register.execute({ ...signUp, customerId: id, email: `c${index}@example.com` });
      }
      const list = new ListCustomers(repository);
      const first = await list.execute({ limit: 2 });
      expect(first.customers.map((c) => c.id)).toEqual([ids[2], ids[1]]);
      expect(first.next).toBeDefined();
      const second = await list.execute({ limit: 2, ...(first.next ? { after: first.next } : {}) });
      expect(second.customers.map((c) => c.id)).toEqual([ids[0]]);
      expect(second.next).toBeUndefined();
      expect((await list.execute({ limit: 0 })).customers).toHaveLength(1);
      expect((await list.execute({})).customers).toHaveLength(3);
    });

    it('looks one customer up by email whatever its case, or finds none', async () => {
      await register.execute(signUp);
      const list = new ListCustomers(repository);
      expect((await list.execute({ email: ' Aroha@Example.COM ' })).customers.map((c) => c.id)).toEqual([AROHA_ID]);
      expect(await list.execute({ email: 'nobody@example.com' })).toEqual({ customers: [] });
    });
  });
});

import { newOfferId } from '../../core/ids.js';
import type { Offer } from '../../core/framework.js';

/** Outstanding offers: made by the allocator, held by a framework until it accepts or declines. */
export class OfferBook {
  private readonly offers = new Map<string, Offer>();
  private seq = 0;

  create(fields: Omit<Offer, 'id'>): Offer {
    const offer: Offer = { id: newOfferId(++this.seq), ...fields };
    this.offers.set(offer.id, offer);
    return offer;
  }

  get(offerId: string): Offer | undefined {
    return this.offers.get(offerId);
  }

  /** Removes and returns the offers; ids that are gone (rescinded, used) are left out. */
  take(offerIds: string[]): Offer[] {
    const taken: Offer[] = [];
    for (const id of offerIds) {
      const offer = this.offers.get(id);
      if (offer) {
        taken.push(offer);
        this.offers.delete(id);
      }
    }
    return taken;
  }

  onAgent(agentId: string): Offer[] {
    return [...this.offers.values()].filter((o) => o.agentId === agentId);
  }

  all(): Offer[] {
    return [...this.offers.values()];
  }
}

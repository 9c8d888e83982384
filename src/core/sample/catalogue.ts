// The sample store's catalogue: a small specialty-coffee brand, chosen because it mixes consumables that
// customers reorder (beans, pods, filters) with equipment they buy once (grinders, kettles), which is
// what makes repeat-purchase analytics interesting. Every name is invented.

export type ProductCategory = 'coffee' | 'tea' | 'consumables' | 'brewing' | 'grinders' | 'drinkware' | 'gifts' | 'accessories';

export interface SampleProduct {
  /** The SKU on Amazon US and the Shopify store; Amazon DE lists it as `${sku}-DE` (see skuFor). */
  sku: string;
  name: string;
  category: ProductCategory;
  /** List price in USD; Amazon DE sells at `priceEur`. */
  priceUsd: number;
  priceEur: number;
  /** Landed unit cost in USD (US marketplaces) and EUR (Amazon DE). */
  unitCostUsd: number;
  unitCostEur: number;
  /** Relative popularity outside the holiday season. */
  popularity: number;
  /** Sold only from November to mid-December (holiday blend, advent calendar). */
  seasonal: boolean;
  /** Bought again and again: beans, tea, filters, syrups. */
  consumable: boolean;
  /** Share of sold units sent back. */
  returnRate: number;
}

/** Unit cost as a share of the price, and the return rate, per category (typical of the trade). */
const CATEGORY: Record<ProductCategory, { costShare: number; returnRate: number; consumable: boolean }> = {
  coffee: { costShare: 0.38, returnRate: 0.012, consumable: true },
  tea: { costShare: 0.3, returnRate: 0.01, consumable: true },
  consumables: { costShare: 0.27, returnRate: 0.008, consumable: true },
  brewing: { costShare: 0.42, returnRate: 0.06, consumable: false },
  grinders: { costShare: 0.55, returnRate: 0.085, consumable: false },
  drinkware: { costShare: 0.34, returnRate: 0.05, consumable: false },
  gifts: { costShare: 0.45, returnRate: 0.03, consumable: false },
  accessories: { costShare: 0.33, returnRate: 0.04, consumable: false },
};

// sku, name, category, USD price, popularity, seasonal
const ROWS: [string, string, ProductCategory, number, number, boolean?][] = [
  ['COF-ETH-12', 'Ethiopia Yirgacheffe Whole Bean Coffee, 12 oz', 'coffee', 17.99, 10],
  ['COF-COL-12', 'Colombia Huila Whole Bean Coffee, 12 oz', 'coffee', 15.99, 12],
  ['COF-GUA-12', 'Guatemala Antigua Whole Bean Coffee, 12 oz', 'coffee', 16.49, 7],
  ['COF-KEN-12', 'Kenya AA Whole Bean Coffee, 12 oz', 'coffee', 19.99, 5],
  ['COF-SUM-12', 'Sumatra Mandheling Dark Roast, 12 oz', 'coffee', 16.99, 6],
  ['COF-BRA-12', 'Brazil Cerrado Medium Roast, 12 oz', 'coffee', 14.99, 8],
  ['COF-HOU-12', 'House Blend Medium Roast, 12 oz', 'coffee', 13.99, 14],
  ['COF-ESP-12', 'Espresso Blend Whole Bean, 12 oz', 'coffee', 15.49, 11],
  ['COF-DEC-12', 'Swiss Water Decaf Whole Bean, 12 oz', 'coffee', 16.99, 5],
  ['COF-HOU-2LB', 'House Blend Medium Roast, 2 lb', 'coffee', 32.99, 7],
  ['COF-ESP-2LB', 'Espresso Blend Whole Bean, 2 lb', 'coffee', 35.99, 6],
  ['COF-COL-2LB', 'Colombia Huila Whole Bean Coffee, 2 lb', 'coffee', 34.99, 4],
  ['COF-GRD-HOU', 'House Blend Ground Coffee, 12 oz', 'coffee', 13.99, 8],
  ['COF-GRD-FRN', 'French Roast Ground Coffee, 12 oz', 'coffee', 13.99, 6],
  ['COF-CB-32', 'Cold Brew Coarse Grind, 32 oz', 'coffee', 29.99, 5],
  ['COF-SMP-4', 'Single-Origin Sampler, 4 x 4 oz', 'coffee', 24.99, 6],
  ['COF-POD-HOU', 'House Blend Compostable Pods, 24 ct', 'coffee', 14.99, 9],
  ['COF-POD-ESP', 'Espresso Compostable Pods, 24 ct', 'coffee', 15.99, 6],
  ['COF-INST-12', 'Instant Coffee Sticks, 12 ct', 'coffee', 9.99, 5],
  ['COF-HOL-12', 'Holiday Blend Whole Bean Coffee, 12 oz', 'coffee', 17.99, 9, true],
  ['TEA-EGR-100', 'Earl Grey Loose Leaf Tea, 3.5 oz', 'tea', 11.99, 4],
  ['TEA-SEN-100', 'Sencha Green Tea, 3.5 oz', 'tea', 12.99, 3],
  ['TEA-CHAI-100', 'Masala Chai Loose Leaf Blend, 3.5 oz', 'tea', 11.49, 4],
  ['TEA-CHAM-20', 'Chamomile Herbal Tea, 20 bags', 'tea', 8.99, 3],
  ['TEA-MAT-30', 'Ceremonial Grade Matcha, 30 g', 'tea', 24.99, 3],
  ['FLT-CONE-100', 'Cone Paper Filters #2, 100 ct', 'consumables', 6.99, 8],
  ['FLT-CONE-400', 'Cone Paper Filters #2, 400 ct', 'consumables', 19.99, 4],
  ['FLT-BSK-200', 'Basket Coffee Filters, 200 ct', 'consumables', 7.49, 5],
  ['FLT-SQ-100', 'Bonded Square Filters for 8-Cup Carafe, 100 ct', 'consumables', 12.99, 3],
  ['CLN-DESC-2', 'Descaling Solution for Espresso Machines, 2 x 8 oz', 'consumables', 12.99, 4],
  ['CLN-GRD-3', 'Grinder Cleaning Tablets, 3 x 35 g', 'consumables', 11.99, 2],
  ['SYR-VAN-750', 'Vanilla Coffee Syrup, 750 ml', 'consumables', 10.99, 4],
  ['SYR-CAR-750', 'Caramel Coffee Syrup, 750 ml', 'consumables', 10.99, 3],
  ['BRW-PO-02', 'Ceramic Pour-Over Dripper, Size 02', 'brewing', 24.99, 4],
  ['BRW-FP-34', 'Stainless Steel French Press, 34 oz', 'brewing', 39.99, 4],
  ['BRW-FP-12', 'Glass French Press, 12 oz', 'brewing', 22.99, 3],
  ['BRW-CAR-8', 'Glass Pour-Over Carafe, 8 cup', 'brewing', 44.99, 2],
  ['BRW-TRAV', 'Travel Press Coffee Maker', 'brewing', 34.99, 3],
  ['BRW-MOKA-6', 'Stovetop Espresso Maker, 6 cup', 'brewing', 32.99, 3],
  ['BRW-CB-1L', 'Cold Brew Maker, 1 L', 'brewing', 27.99, 3],
  ['BRW-KET-GN', 'Stovetop Gooseneck Kettle, 1 L', 'brewing', 49.99, 3],
  ['BRW-KET-EL', 'Electric Gooseneck Kettle with Temperature Control', 'brewing', 79.99, 3],
  ['BRW-SCALE', 'Coffee Scale with Timer', 'brewing', 29.99, 3],
  ['BRW-FROTH', 'Handheld Milk Frother', 'brewing', 14.99, 4],
  ['GRD-HAND', 'Ceramic Burr Hand Grinder', 'grinders', 39.99, 3],
  ['GRD-BURR-40', 'Conical Burr Grinder, 40 Settings', 'grinders', 129.99, 2],
  ['GRD-BLADE', 'Blade Coffee Grinder', 'grinders', 24.99, 2],
  ['MUG-STN-12', 'Stoneware Mug, 12 oz', 'drinkware', 14.99, 5],
  ['MUG-STN-4PK', 'Stoneware Mug Set, 4 x 12 oz', 'drinkware', 44.99, 2],
  ['CUP-DW-2PK', 'Double-Wall Glass Cups, 8 oz, Set of 2', 'drinkware', 24.99, 3],
  ['TMB-SS-16', 'Insulated Travel Tumbler, 16 oz', 'drinkware', 27.99, 5],
  ['TMB-SS-20', 'Insulated Travel Tumbler, 20 oz', 'drinkware', 31.99, 3],
  ['CUP-ESP-4PK', 'Espresso Cups with Saucers, Set of 4', 'drinkware', 29.99, 2],
  ['GFT-BOX-S', 'Coffee Lover Gift Box', 'gifts', 39.99, 2],
  ['GFT-BOX-L', 'Barista Gift Set', 'gifts', 89.99, 1],
  ['GFT-ADV-24', 'Coffee Advent Calendar, 24 x 1 Cup', 'gifts', 44.99, 6, true],
  ['ACC-CAN-1LB', 'Vacuum Coffee Canister, 1 lb', 'accessories', 24.99, 3],
  ['ACC-SCOOP', 'Measuring Coffee Scoop', 'accessories', 6.99, 3],
  ['ACC-TAMP-51', 'Espresso Tamper, 51 mm', 'accessories', 19.99, 2],
  ['ACC-KNOCK', 'Espresso Knock Box', 'accessories', 21.99, 1.5],
  ['ACC-PITCH-12', 'Milk Frothing Pitcher, 12 oz', 'accessories', 16.99, 2],
];

const cents = (x: number) => Math.round(x * 100) / 100;

/** The sample store's products (about sixty), in a fixed order. */
export const SAMPLE_PRODUCTS: readonly SampleProduct[] = ROWS.map(([sku, name, category, priceUsd, popularity, seasonal]) => {
  const c = CATEGORY[category];
  // Amazon DE prices end in .99 and sit a little below the dollar price; costs convert at about 0.93 EUR/USD.
  const priceEur = cents(Math.max(3, Math.round(priceUsd * 0.95)) - 0.01);
  const unitCostUsd = cents(priceUsd * c.costShare);
  return {
    sku, name, category, priceUsd, priceEur, unitCostUsd, unitCostEur: cents(unitCostUsd * 0.93 + 0.35),
    popularity, seasonal: seasonal === true, consumable: c.consumable, returnRate: c.returnRate,
  };
});

/** The suffix of a product's SKU on Amazon DE (sellers keep one SKU per marketplace and currency). */
export const DE_SKU_SUFFIX = '-DE';

/** The SKU under which a product is listed in a marketplace's currency. */
export function skuFor(product: SampleProduct, currency: 'USD' | 'EUR'): string {
  return currency === 'EUR' ? product.sku + DE_SKU_SUFFIX : product.sku;
}

const BY_SKU = new Map<string, SampleProduct>();
for (const product of SAMPLE_PRODUCTS) {
  BY_SKU.set(product.sku, product);
  BY_SKU.set(product.sku + DE_SKU_SUFFIX, product);
}

/** The product behind any of the sample store's SKUs (either marketplace's), or undefined. */
export function sampleProduct(sku: string): SampleProduct | undefined {
  return BY_SKU.get(sku);
}

/** A sample SKU's product name, for the UI; undefined for a SKU that is not the sample store's. */
export function sampleProductName(sku: string): string | undefined {
  return BY_SKU.get(sku)?.name;
}

// Fake customer identities for the sample store: common given names and surnames, joined into addresses
// at example.com, the domain RFC 2606 reserves so that no sample address can ever reach a real mailbox.
import type { Random } from './random.ts';

export const SAMPLE_EMAIL_DOMAIN = 'example.com';

const US_FIRST = (
  'james mary robert patricia john jennifer michael linda david elizabeth william barbara richard susan joseph jessica ' +
  'thomas sarah charles karen christopher lisa daniel nancy matthew betty anthony sandra mark margaret donald ashley ' +
  'steven kimberly paul emily andrew donna joshua michelle kenneth carol kevin amanda brian melissa george deborah ' +
  'timothy stephanie ronald rebecca jason sharon edward laura jeffrey cynthia ryan dorothy jacob amy gary kathleen ' +
  'nicholas angela eric shirley jonathan emma stephen brenda larry pamela justin nicole scott anna brandon samantha ' +
  'benjamin katherine samuel christine gregory debra alexander rachel patrick carolyn frank janet raymond maria ' +
  'jack olivia dennis heather jerry helen tyler catherine aaron diane jose julie adam victoria nathan joyce henry ' +
  'lauren zachary kelly douglas christina peter ruth kyle joan noah virginia ethan judith jeremy evelyn christian ' +
  'hannah walter andrea keith megan austin cheryl roger jacqueline terry madison sean sophia gerald abigail carl ' +
  'teresa dylan isabella harold sara jordan janice jesse martha bryan gloria lawrence kathryn arthur ann gabriel ' +
  'grace bruce judy logan rose billy beverly joe denise alan marilyn juan amber elijah danielle willie brittany ' +
  'albert diana wayne natalie randy mia mason lori vincent kayla liam alexis roy lucas chloe bobby ella caleb'
).split(' ');

const US_LAST = (
  'smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson ' +
  'anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson ' +
  'walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell ' +
  'mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris ' +
  'morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward ' +
  'richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders ' +
  'patel myers long ross foster jimenez powell jenkins perry russell sullivan bell coleman butler henderson ' +
  'barnes gonzales fisher vasquez simmons romero jordan patterson alexander hamilton graham reynolds griffin ' +
  'wallace moreno west cole hayes bryant herrera gibson ellis tran medina aguilar stevens murray ford castro ' +
  'marshall owens harrison fernandez mcdonald woods washington kennedy wells vargas henry chen freeman webb ' +
  'tucker guzman burns crawford olson simpson porter hunter gordon mendez silva shaw snyder mason dixon munoz'
).split(' ');

// German names transliterated to ASCII, as people write them in addresses (mueller, not müller).
const DE_FIRST = (
  'maximilian sophie alexander marie paul sophia leon emma lukas hannah felix mia jonas anna david emilia ' +
  'elias lena tim lea luca lina finn laura julian johanna noah leonie jan clara niklas lara moritz charlotte ' +
  'philipp amelie jakob luisa tobias julia simon katharina fabian sarah benedikt lisa florian nina sebastian ' +
  'christina stefan sabine thomas petra andreas claudia michael susanne markus andrea matthias anja daniel ' +
  'stephanie martin nicole frank birgit juergen ute klaus monika uwe karin wolfgang heike dirk silke joerg ' +
  'kerstin torsten tanja ralf melanie oliver jana christian franziska tom greta ben ida carl frieda'
).split(' ');

const DE_LAST = (
  'mueller schmidt schneider fischer weber meyer wagner becker schulz hoffmann schaefer koch bauer richter ' +
  'klein wolf schroeder neumann schwarz zimmermann braun krueger hofmann hartmann lange schmitt werner ' +
  'schmitz krause meier lehmann schmid schulze maier koehler herrmann koenig walter mayer huber kaiser fuchs ' +
  'peters lang scholz moeller weiss jung hahn schubert vogel friedrich keller guenther frank berger winkler ' +
  'roth beck lorenz baumann franke albrecht schuster simon ludwig boehm winter kraus martin schumacher ' +
  'kraemer vogt stein jaeger otto sommer gross seidel heinrich brandt haas schreiber graf schulte dietrich ' +
  'ziegler kuhn kuehn pohl engel horn busch bergmann thomas voigt sauer arnold wolff pfeiffer'
).split(' ');

export type NameRegion = 'us' | 'de';

/**
 * A plausible address such as `jennifer.lee84@example.com` or `mschmidt1979@example.com`. The caller makes it
 * unique (the same person-like address can be drawn twice), by drawing again when it is taken.
 */
export function drawEmail(random: Random, region: NameRegion): string {
  const first = random.pick(region === 'de' ? DE_FIRST : US_FIRST);
  const last = random.pick(region === 'de' ? DE_LAST : US_LAST);
  const suffix = drawSuffix(random);
  const style = random.uniform();
  let local: string;
  if (style < 0.55) local = `${first}.${last}${suffix}`;
  else if (style < 0.7) local = `${first}_${last}${suffix}`;
  else if (style < 0.85) local = `${first[0]}${last}${suffix}`;
  else local = `${first}${last}${suffix}`;
  return `${local}@${SAMPLE_EMAIL_DOMAIN}`;
}

/** What people put after their name: nothing, a small number, a birth year, or three digits. */
function drawSuffix(random: Random): string {
  const u = random.uniform();
  if (u < 0.12) return '';
  if (u < 0.5) return String(random.intBetween(1, 99));
  if (u < 0.75) return String(random.intBetween(1955, 2006));
  return String(random.intBetween(100, 999));
}

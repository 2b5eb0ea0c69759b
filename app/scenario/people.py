"""Names, places and phone numbers for synthetic scenarios, and the ways sources write them.

Real case material never spells a person or a number the same way twice: a carrier writes
``00218912345678``, a seized phone ``091-234 5678``, an interviewer ``+218 91 234 5678``; a
transfer clerk types ``HADDAD SALIM``, the smuggler's own contacts say ``Abu Salem`` and a
migrant remembers ``Salem Zuwara``.  This module owns those habits so the generated files
carry the same mess, while the ground truth keeps the one true identity.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

#: Given names by naming tradition, with the transliteration variants sources use.
GIVEN: dict[str, dict[str, list[str]]] = {
    "arabic": {
        "Salem": ["Salim", "Saleem"],
        "Mohammed": ["Mohamed", "Muhammad", "Mohamad"],
        "Ahmed": ["Ahmad", "Ahmet"],
        "Ali": [],
        "Omar": ["Umar", "Omer"],
        "Youssef": ["Yusuf", "Yousef", "Youssouf"],
        "Ibrahim": ["Brahim", "Ebrahim"],
        "Abdelrahman": ["Abdul Rahman", "Abderrahmane"],
        "Khaled": ["Khalid"],
        "Mustafa": ["Mostafa", "Moustafa"],
        "Hassan": ["Hasan"],
        "Hussein": ["Hussain", "Hosein"],
        "Tarek": ["Tariq", "Tarik"],
        "Nasser": ["Nasir"],
        "Faraj": ["Farag"],
        "Abdullah": ["Abdallah", "Abdoulah"],
        "Osama": ["Usama"],
        "Walid": ["Waleed"],
        "Jamal": ["Gamal"],
        "Adel": ["Adil"],
        "Mansour": ["Mansur"],
        "Suleiman": ["Sulayman", "Slimane"],
        "Idris": ["Idriss"],
        "Bilal": [],
        "Anwar": ["Anouar"],
        "Ramadan": ["Ramadhan"],
    },
    "eritrean": {
        "Tesfay": ["Tesfaye"],
        "Yonas": ["Yohannes"],
        "Dawit": ["Dawitt"],
        "Biniam": ["Biniyam"],
        "Tekle": ["Tekleh"],
        "Semere": [],
        "Mehari": [],
        "Filmon": ["Philemon"],
        "Habtom": [],
        "Kidane": ["Kidanemariam"],
        "Goitom": [],
        "Ermias": ["Ermyas"],
    },
    "sahel": {
        "Moussa": ["Musa"],
        "Issa": ["Isa"],
        "Abdou": ["Abdu"],
        "Boubacar": ["Abubakar", "Aboubacar"],
        "Ousmane": ["Usman", "Osman"],
        "Amadou": ["Ahmadou"],
        "Mahamadou": ["Mahamadu"],
        "Idrissa": ["Idrisa"],
        "Alhassane": ["Al Hassan"],
        "Souleymane": ["Sulaiman"],
        "Hamidou": ["Hamidu"],
        "Rhissa": ["Rissa"],
    },
    "persian_turkish": {
        "Reza": [],
        "Hossein": ["Hussein", "Hosein"],
        "Amir": [],
        "Mehdi": ["Mahdi"],
        "Dariush": ["Daryoush"],
        "Farhad": [],
        "Karim": ["Kerim"],
        "Murat": ["Murad"],
        "Mehmet": ["Mehmed", "Muhammed"],
        "Hakan": [],
        "Serkan": [],
        "Yusuf": ["Youssef"],
    },
    "west_african": {
        "Mamadou": ["Mamadu"],
        "Cheikh": ["Sheikh", "Cheick"],
        "Ibrahima": ["Ibrahim"],
        "Abdoulaye": ["Abdullahi"],
        "Moustapha": ["Mustapha"],
        "Aliou": ["Aliyu"],
        "Lamine": ["Lamin"],
        "Babacar": [],
        "Modou": ["Modu"],
        "Pape": ["Papa"],
    },
    "european": {
        "James": [],
        "Daniel": [],
        "Mariam": ["Maryam"],
        "Sara": ["Sarah"],
        "Amina": ["Aminata"],
        "Fatima": ["Fatma", "Fatoumata"],
        "Halima": [],
        "Aisha": ["Aicha", "Aysha"],
        "Yasmin": ["Yasmine"],
        "Layla": ["Leila"],
        "Rahel": ["Rachel"],
        "Selam": [],
    },
}

#: Family names by tradition, with variants.
FAMILY: dict[str, dict[str, list[str]]] = {
    "arabic": {
        "Haddad": ["Hadad"],
        "Zawi": ["Al-Zawi", "Zaoui"],
        "Obeidi": ["Al-Obeidi", "Abidi"],
        "Warfalli": ["Werfalli"],
        "Misrati": ["Al-Misrati"],
        "Tarhouni": ["Tarhuni"],
        "Fezzani": ["Fazzani"],
        "Senussi": ["Senoussi"],
        "Abdelaziz": ["Abdul Aziz"],
        "Hamid": ["Hamed"],
        "Mansour": ["Mansur"],
        "Suleiman": ["Sliman"],
        "Khalifa": ["Kalifa"],
        "Barghathi": ["Bargathi"],
        "Dabbashi": ["Dabashi"],
        "Gharyani": ["Ghariani"],
        "Kikli": [],
        "Naas": ["Nas"],
        "Zintani": ["Al-Zintani"],
        "Shibani": ["Chibani"],
    },
    "eritrean": {
        "Tesfamariam": [],
        "Gebremedhin": ["Gebremeskel"],
        "Haile": ["Hailé"],
        "Berhane": ["Berhe"],
        "Kahsay": ["Kassay"],
        "Woldu": ["Weldu"],
        "Ghebreyesus": ["Gebreyesus"],
        "Mehreteab": [],
    },
    "sahel": {
        "Maiga": ["Maïga"],
        "Issoufou": ["Issoufa"],
        "Abdoulaye": ["Abdullahi"],
        "Ag Alhassane": ["Ag Al Hassan"],
        "Tandja": [],
        "Souley": ["Souleye"],
        "Mahaman": [],
        "Ibrahim": ["Brahim"],
        "Mamane": ["Mamani"],
    },
    "persian_turkish": {
        "Ahmadi": [],
        "Hosseini": ["Husseini"],
        "Karimi": ["Kerimi"],
        "Rezaei": ["Rezai", "Rezaie"],
        "Yilmaz": ["Yılmaz"],
        "Kaya": [],
        "Demir": [],
        "Celik": ["Çelik"],
        "Sahin": ["Şahin"],
        "Ozturk": ["Öztürk"],
        "Aydin": ["Aydın"],
    },
    "west_african": {
        "Diop": [],
        "Ndiaye": ["N'Diaye"],
        "Fall": [],
        "Sow": [],
        "Ba": ["Bah"],
        "Diallo": ["Jallow"],
        "Sy": [],
        "Ould Ahmed": ["Ould Ahmad"],
        "Gueye": ["Gaye"],
        "Sarr": [],
    },
    "european": {
        "Tesfaye": [],
        "Mohamed": [],
        "Osman": [],
        "Hassan": [],
        "Bakr": [],
        "Idris": [],
        "Yohannes": [],
        "Kamara": [],
        "Conteh": [],
        "Ahmed": [],
    },
}

#: A few names in the scripts seized phones store them in.
ARABIC_SCRIPT = {
    "Salem": "سالم",
    "Mohammed": "محمد",
    "Ahmed": "أحمد",
    "Ali": "علي",
    "Omar": "عمر",
    "Youssef": "يوسف",
    "Ibrahim": "إبراهيم",
    "Khaled": "خالد",
    "Mansour": "منصور",
    "Haddad": "حداد",
    "Suleiman": "سليمان",
    "Hamid": "حامد",
    "Faraj": "فرج",
    "Tarek": "طارق",
    "Abu": "أبو",
}

TRADITION_OF = {
    "LY": "arabic",
    "SD": "arabic",
    "EG": "arabic",
    "ER": "eritrean",
    "NE": "sahel",
    "ML": "sahel",
    "TD": "sahel",
    "IR": "persian_turkish",
    "TR": "persian_turkish",
    "AF": "persian_turkish",
    "SN": "west_african",
    "MR": "west_african",
    "GN": "west_african",
    "CI": "west_african",
    "GB": "european",
    "DE": "european",
    "SE": "european",
    "NL": "european",
    "IT": "european",
    "FR": "european",
    "SY": "arabic",
    "MA": "arabic",
    "NG": "west_african",
}


@dataclass(frozen=True)
class ScenarioPlace:
    """A place the scenario plants, with the spellings its files write it in (the case learns
    where places are from the gazetteer, :class:`app.gazetteer.Place`)."""

    name: str
    lat: float
    lon: float
    country: str
    variants: tuple[str, ...] = ()


PLACES = {
    p.name: p
    for p in (
        ScenarioPlace("Khartoum", 15.5007, 32.5599, "SD", ("Khartum",)),
        ScenarioPlace("Kufra", 24.1995, 23.2905, "LY", ("Al Kufrah", "Koufra")),
        ScenarioPlace("Ajdabiya", 30.7554, 20.2263, "LY", ("Ajdabia", "Ijdabiya")),
        ScenarioPlace("Bani Walid", 31.7566, 13.9942, "LY", ("Beni Ulid",)),
        ScenarioPlace("Tripoli", 32.8872, 13.1913, "LY", ("Tarabulus", "Tripoli LY")),
        ScenarioPlace("Zuwara", 32.9312, 12.0819, "LY", ("Zuara", "Zuwarah")),
        ScenarioPlace("Lampedusa", 35.5090, 12.6040, "IT", ("Lampedusa Island",)),
        ScenarioPlace("Niamey", 13.5116, 2.1254, "NE", ()),
        ScenarioPlace("Agadez", 16.9742, 7.9865, "NE", ("Agadès", "Agades")),
        ScenarioPlace("Dirkou", 18.9939, 12.8847, "NE", ("Dirku",)),
        ScenarioPlace("Sebha", 27.0377, 14.4283, "LY", ("Sabha", "Sebah")),
        ScenarioPlace("Tabriz", 38.0800, 46.2919, "IR", ()),
        ScenarioPlace("Van", 38.4946, 43.3800, "TR", ()),
        ScenarioPlace("Istanbul", 41.0082, 28.9784, "TR", ("İstanbul", "Stamboul")),
        ScenarioPlace("Izmir", 38.4237, 27.1428, "TR", ("İzmir", "Smyrna")),
        ScenarioPlace("Lesbos", 39.1067, 26.5556, "GR", ("Lesvos", "Mytilene")),
        ScenarioPlace("Athens", 37.9838, 23.7275, "GR", ("Athina",)),
        ScenarioPlace("Dakar", 14.7167, -17.4677, "SN", ()),
        ScenarioPlace("Saint-Louis", 16.0326, -16.4818, "SN", ("St Louis", "Saint Louis")),
        ScenarioPlace("Nouadhibou", 20.9310, -17.0347, "MR", ("Nouadibou", "Nuadibu")),
        ScenarioPlace("Las Palmas", 28.1235, -15.4363, "ES", ("Las Palmas de Gran Canaria", "Gran Canaria")),
    )
}

#: Number formats in source files: how a region writes its own and foreign numbers.
_FOREIGN_STYLES = ("e164", "intl", "00", "00spaced")
_HOME_STYLES = ("e164", "intl", "00", "national", "national_dashed", "national_brackets")


def written_forms(e164: str, home_region: str) -> list[str]:
    """Ways sources write ``e164``; national forms only for the case's home region,
    where a reader without the country code still gets the right number.

    >>> written_forms("+218912345678", "LY")[:4]
    ['+218912345678', '+218 91-2345678', '00218912345678', '0912345678']
    """
    num = phonenumbers.parse(e164)
    intl = phonenumbers.format_number(num, PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(num, PhoneNumberFormat.NATIONAL)
    digits = "".join(ch for ch in national if ch.isdigit())
    forms = {
        "e164": e164,
        "intl": intl,
        "00": "00" + e164[1:],
        "00spaced": "00 " + intl[1:],
        "national": digits,
        "national_dashed": f"{digits[:3]}-{digits[3:6]} {digits[6:]}",
        "national_brackets": f"({digits[:3]}) {digits[3:6]}-{digits[6:]}",
    }
    home = phonenumbers.region_code_for_number(num) == home_region
    return [forms[s] for s in (_HOME_STYLES if home else _FOREIGN_STYLES)]


class NumberFactory:
    """Valid, unique mobile numbers per region, reproducible from the caller's RNG."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()
        self._prefix: dict[str, tuple[str, str, int]] = {}

    def _pattern(self, region: str) -> tuple[str, str, int]:
        if region not in self._prefix:
            example = phonenumbers.example_number_for_type(region, PhoneNumberType.MOBILE)
            assert example is not None, f"phonenumbers has no example mobile number for {region}"
            nsn = phonenumbers.national_significant_number(example)
            self._prefix[region] = (str(example.country_code), nsn[:2], len(nsn) - 2)
        return self._prefix[region]

    def mobile(self, region: str) -> str:
        cc, prefix, free = self._pattern(region)
        for _ in range(200):
            nsn = prefix + "".join(str(self._rng.randrange(10)) for _ in range(free))
            e164 = f"+{cc}{nsn}"
            if e164 in self._used:
                continue
            if phonenumbers.is_valid_number(phonenumbers.parse(e164)):
                self._used.add(e164)
                return e164
        raise RuntimeError(f"cannot draw a valid {region} mobile number")

    def bulk(self, region: str, count: int, np_rng) -> list[str]:
        """Many numbers at once for background traffic (validity checked on the block)."""
        cc, prefix, free = self._pattern(region)
        out: list[str] = []
        while len(out) < count:
            draws = np_rng.integers(0, 10**free, size=(count - len(out)) * 2)
            for d in draws:
                e164 = f"+{cc}{prefix}{int(d):0{free}d}"
                if e164 not in self._used:
                    self._used.add(e164)
                    out.append(e164)
                    if len(out) == count:
                        break
        for e164 in out[:: max(1, count // 50)]:
            if not phonenumbers.is_valid_number(phonenumbers.parse(e164)):
                raise RuntimeError(f"background block {e164} is not a valid number")
        return out


@dataclass
class Name:
    """One person's name and the ways sources write it."""

    given: str
    family: str
    tradition: str
    kunya: str = ""  # "Abu Salem": the given name of an eldest son
    nickname_place: str = ""
    #: every form the scenario's sources actually wrote, for the ground truth
    written: list[str] = field(default_factory=list)

    def _wrote(self, form: str) -> str:
        if form not in self.written:
            self.written.append(form)
        return form

    def written_as(self, form: str) -> str:
        """``form``, noted among the ways sources wrote this name (for the ground truth)."""
        return self._wrote(form)

    @property
    def full(self) -> str:
        return f"{self.given} {self.family}"

    def variants(self, rng: random.Random) -> list[str]:
        """Every way this person's name is written across the scenario's sources."""
        given = [self.given, *GIVEN[self.tradition].get(self.given, [])]
        family = [self.family, *FAMILY[self.tradition].get(self.family, [])]
        out = [
            self.full,
            f"{rng.choice(given)} {rng.choice(family)}".upper(),
            f"{self.family.upper()} {rng.choice(given).upper()}",
        ]
        if self.kunya:
            out.append(self.kunya)
        if self.nickname_place:
            out.append(f"{self.given} {self.nickname_place}")
        return list(dict.fromkeys(out))

    def transfer_form(self, rng: random.Random) -> str:
        """How a remittance clerk types it: capitals, sometimes family name first."""
        given = rng.choice([self.given, *GIVEN[self.tradition].get(self.given, [])])
        family = rng.choice([self.family, *FAMILY[self.tradition].get(self.family, [])])
        return self._wrote((f"{family} {given}" if rng.random() < 0.35 else f"{given} {family}").upper())

    def contact_form(self, rng: random.Random) -> str:
        """How a smuggler saves a colleague: nickname, first name and place, or script."""
        choices = [self.full, self.given, f"{self.given} {self.family[:1]}."]
        if self.kunya:
            choices += [self.kunya, self.kunya]
        if self.nickname_place:
            choices += [f"{self.given} {self.nickname_place}"]
        if self.tradition == "arabic" and self.given in ARABIC_SCRIPT:
            family = ARABIC_SCRIPT.get(self.family, "")
            choices.append(f"{ARABIC_SCRIPT[self.given]} {family}".strip())
        return self._wrote(rng.choice(choices))

    def spoken_form(self, rng: random.Random) -> tuple[str, list[str]]:
        """How a migrant names a smuggler in an interview: (name, aliases)."""
        aliases = [
            a for a in (self.kunya, f"{self.given} {self.nickname_place}" if self.nickname_place else "") if a
        ]
        given = rng.choice([self.given, *GIVEN[self.tradition].get(self.given, [])])
        if rng.random() < 0.4 and aliases:
            return self._wrote(aliases[0]), [self._wrote(given)]
        name = self._wrote(f"{given} {self.family}" if rng.random() < 0.6 else given)
        return name, [self._wrote(a) for a in aliases]


def draw_name(
    rng: random.Random, tradition: str, used: set[str] | None, *, kunya_p: float = 0.0, place: str = ""
) -> Name:
    """A name; with ``used``, one not yet in it (first names repeat, full names do not).

    Without ``used`` names may repeat, as they do among thousands of migrants' relatives.
    """
    givens, families = sorted(GIVEN[tradition]), sorted(FAMILY[tradition])
    given, family = rng.choice(givens), rng.choice(families)
    for _ in range(400):
        if used is None or (family != given and f"{given} {family}" not in used):
            break
        given, family = rng.choice(givens), rng.choice(families)
    else:  # the pool is exhausted: a double family name, as many people carry
        family = f"{family} {rng.choice(families)}"
    if used is not None:
        used.add(f"{given} {family}")
    kunya = f"Abu {rng.choice(sorted(GIVEN['arabic']))}" if rng.random() < kunya_p else ""
    return Name(given, family, tradition, kunya, place)

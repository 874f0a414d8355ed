"""The organisations register's coded columns (domain.md, "Register of organisations").

Column 5 (service conditions), column 6 (client categories), the record's status and the
licence's status, each with its Kazakh and Russian label.
"""

from __future__ import annotations

from enum import StrEnum

from domain.labels import Label, register_labels

__all__ = ["ClientCategory", "LicenceStatus", "RegisterStatus", "ServiceCondition"]


class ServiceCondition(StrEnum):
    INPATIENT = "INPATIENT"
    SEMI_INPATIENT = "SEMI_INPATIENT"
    HOME = "HOME"
    TEMPORARY_STAY = "TEMPORARY_STAY"


register_labels(
    ServiceCondition,
    {
        ServiceCondition.INPATIENT: Label(kk="стационар", ru="стационар"),
        ServiceCondition.SEMI_INPATIENT: Label(kk="жартылай стационар", ru="полустационар"),
        ServiceCondition.HOME: Label(kk="үйде", ru="на дому"),
        ServiceCondition.TEMPORARY_STAY: Label(
            kk="уақытша болу жағдайында", ru="временного пребывания"
        ),
    },
)


class ClientCategory(StrEnum):
    CHILDREN_PSYCHONEUROLOGICAL = "CHILDREN_PSYCHONEUROLOGICAL"
    CHILDREN_MUSCULOSKELETAL = "CHILDREN_MUSCULOSKELETAL"
    ADULTS_PSYCHONEUROLOGICAL = "ADULTS_PSYCHONEUROLOGICAL"
    DISABILITY_GROUPS_1_2 = "DISABILITY_GROUPS_1_2"
    ELDERLY_NO_SELF_CARE = "ELDERLY_NO_SELF_CARE"
    HOMELESS = "HOMELESS"
    RELEASED_OR_PROBATION = "RELEASED_OR_PROBATION"
    DOMESTIC_VIOLENCE_VICTIMS = "DOMESTIC_VIOLENCE_VICTIMS"
    TRAFFICKING_VICTIMS = "TRAFFICKING_VICTIMS"


register_labels(
    ClientCategory,
    {
        ClientCategory.CHILDREN_PSYCHONEUROLOGICAL: Label(
            kk="психоневрологиялық ауытқулары бар мүгедектігі бар балалар",
            ru="дети с инвалидностью с психоневрологическими патологиями",
        ),
        ClientCategory.CHILDREN_MUSCULOSKELETAL: Label(
            kk="тірек-қимыл аппараты бұзылған мүгедектігі бар балалар",
            ru="дети с инвалидностью с нарушениями опорно-двигательного аппарата",
        ),
        ClientCategory.ADULTS_PSYCHONEUROLOGICAL: Label(
            kk="психоневрологиялық аурулары бар он сегіз жастан асқан мүгедектігі бар адамдар",
            ru="лица с инвалидностью старше восемнадцати лет с психоневрологическими заболеваниями",
        ),
        ClientCategory.DISABILITY_GROUPS_1_2: Label(
            kk="бірінші және екінші топтағы мүгедектігі бар адамдар",
            ru="лица с инвалидностью первой и второй групп",
        ),
        ClientCategory.ELDERLY_NO_SELF_CARE: Label(
            kk="егде жасына байланысты өзіне қызмет көрсетуге мүмкіндігі жоқ адамдар",
            ru="лица, не способные к самостоятельному обслуживанию в связи с преклонным возрастом",
        ),
        ClientCategory.HOMELESS: Label(
            kk="белгілі бір тұрғылықты жері жоқ адамдар",
            ru="лица без определенного места жительства",
        ),
        ClientCategory.RELEASED_OR_PROBATION: Label(
            kk="бас бостандығынан айыру орындарынан босатылған және (немесе) пробация "
            "қызметтерінің есебінде тұрған адамдар",
            ru="лица, освободившиеся из мест лишения свободы и (или) находящиеся на учете "
            "в службе пробации",
        ),
        ClientCategory.DOMESTIC_VIOLENCE_VICTIMS: Label(
            kk="тұрмыстық зорлық-зомбылық құрбандары", ru="жертвы бытового насилия"
        ),
        ClientCategory.TRAFFICKING_VICTIMS: Label(
            kk="адам саудасының құрбандары", ru="жертвы торговли людьми"
        ),
    },
)


class RegisterStatus(StrEnum):
    """A record stays in the register after its licence ends, marked removed (column 16-17)."""

    ACTIVE = "ACTIVE"
    REMOVED = "REMOVED"


register_labels(
    RegisterStatus,
    {
        RegisterStatus.ACTIVE: Label(kk="тіркелімде", ru="в регистре"),
        RegisterStatus.REMOVED: Label(kk="тіркелімнен шығарылған", ru="снята с регистра"),
    },
)


class LicenceStatus(StrEnum):
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    REVOKED = "REVOKED"
    TERMINATED = "TERMINATED"


register_labels(
    LicenceStatus,
    {
        LicenceStatus.ACTIVE: Label(kk="қолданыста", ru="действует"),
        LicenceStatus.SUSPENDED: Label(kk="тоқтатыла тұрған", ru="приостановлена"),
        LicenceStatus.REVOKED: Label(kk="айырылған", ru="лишение лицензии"),
        LicenceStatus.TERMINATED: Label(kk="қолданысы тоқтатылған", ru="прекращена"),
    },
)

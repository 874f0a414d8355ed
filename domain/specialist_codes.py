"""The register of specialists' code lists, each with its Kazakh and Russian label: the reasons
for returning and refusing an application (specialists rules p. 9), the education levels
(column 7) and the qualification categories (column 9)."""

from __future__ import annotations

from enum import StrEnum

from domain.labels import Label, register_labels

__all__ = ["EducationLevel", "QualificationCategory", "ReturnReason", "SpecialistRefusalReason"]


class ReturnReason(StrEnum):
    """p. 9 sub-p. 2: why an application goes back to the applicant for revision."""

    PROFESSION_MISMATCH = "PROFESSION_MISMATCH"
    FALSE_QUALIFICATION_DATA = "FALSE_QUALIFICATION_DATA"
    INCOMPLETE_OR_EXPIRED_DOCUMENTS = "INCOMPLETE_OR_EXPIRED_DOCUMENTS"
    EMPLOYMENT_DATA_MISMATCH = "EMPLOYMENT_DATA_MISMATCH"


register_labels(
    ReturnReason,
    {
        ReturnReason.PROFESSION_MISMATCH: Label(
            kk="кәсіп атауының сәйкес келмеуі",
            ru="несоответствие наименования профессии",
        ),
        ReturnReason.FALSE_QUALIFICATION_DATA: Label(
            kk="біліктілік санаты туралы жалған ақпарат беру",
            ru="предоставление недостоверных сведений о квалификационной категории",
        ),
        ReturnReason.INCOMPLETE_OR_EXPIRED_DOCUMENTS: Label(
            kk="толық емес құжаттар топтамасын ұсыну және (немесе) олардың қолданылу мерзімінің "
            "өтуі",
            ru="предоставление неполного пакета документов и (или) истечение срока их действия",
        ),
        ReturnReason.EMPLOYMENT_DATA_MISMATCH: Label(
            kk="еңбек қызметі (лауазымы мен штаттық лауазымы) бойынша мәліметтердің сәйкес келмеуі",
            ru="несоответствие сведений по трудовой деятельности (должность и штатная должность)",
        ),
    },
)


class SpecialistRefusalReason(StrEnum):
    """p. 9 sub-p. 3: why an application is refused (final)."""

    DEPRIVED_OF_RIGHT_TO_PRACTISE = "DEPRIVED_OF_RIGHT_TO_PRACTISE"
    COURT_BAN_ON_MEDICAL_ACTIVITY = "COURT_BAN_ON_MEDICAL_ACTIVITY"
    LEGALLY_INCAPACITATED = "LEGALLY_INCAPACITATED"
    EMIGRATED = "EMIGRATED"


register_labels(
    SpecialistRefusalReason,
    {
        SpecialistRefusalReason.DEPRIVED_OF_RIGHT_TO_PRACTISE: Label(
            kk="соттың заңды күшіне енген үкіміне сәйкес әлеуметтік жұмыскердің кәсіптік "
            "қызметін жүзеге асыру құқығынан айырылу",
            ru="лишение права осуществлять профессиональную деятельность социального "
            "работника по вступившему в законную силу приговору суда",
        ),
        SpecialistRefusalReason.COURT_BAN_ON_MEDICAL_ACTIVITY: Label(
            # The regulation's words; domain.md leaves out "өтініш берушіге".
            kk="өтініш берушіге медициналық қызметпен айналысуға (мәлімделген мамандық бойынша) "
            "тыйым салу туралы заңды күшіне енген сот шешімінің (үкімінің) болуы",
            ru="вступившее в законную силу решение (приговор) суда о запрете на занятие "
            "медицинской деятельностью (по заявляемой специальности)",
        ),
        SpecialistRefusalReason.LEGALLY_INCAPACITATED: Label(
            kk="сот өтініш берушіні әрекетке қабілетсіз немесе әрекет қабілеттілігі шектеулі "
            "деп тану",
            ru="признание судом заявителя недееспособным или ограниченно дееспособным",
        ),
        SpecialistRefusalReason.EMIGRATED: Label(
            kk="тұрақты тұру үшін Қазақстан Республикасынан тысқары жерлерге шығу",
            ru="выезд за пределы Республики Казахстан на постоянное место жительства",
        ),
    },
)


class EducationLevel(StrEnum):
    """Register column 7: the levels of the Law "On education" a social worker may hold."""

    GENERAL_SECONDARY = "GENERAL_SECONDARY"
    TECHNICAL_VOCATIONAL = "TECHNICAL_VOCATIONAL"
    POST_SECONDARY = "POST_SECONDARY"
    HIGHER = "HIGHER"
    POSTGRADUATE = "POSTGRADUATE"


register_labels(
    EducationLevel,
    {
        EducationLevel.GENERAL_SECONDARY: Label(kk="жалпы орта білім", ru="общее среднее"),
        EducationLevel.TECHNICAL_VOCATIONAL: Label(
            kk="техникалық және кәсіптік білім", ru="техническое и профессиональное"
        ),
        EducationLevel.POST_SECONDARY: Label(kk="орта білімнен кейінгі білім", ru="послесреднее"),
        EducationLevel.HIGHER: Label(kk="жоғары білім", ru="высшее"),
        EducationLevel.POSTGRADUATE: Label(
            kk="жоғары оқу орнынан кейінгі білім (магистратура, докторантура)",
            ru="послевузовское (магистратура, докторантура)",
        ),
    },
)


class QualificationCategory(StrEnum):
    """Register column 9: the social worker's qualification category after attestation."""

    HIGHEST = "HIGHEST"
    FIRST = "FIRST"
    SECOND = "SECOND"


register_labels(
    QualificationCategory,
    {
        QualificationCategory.HIGHEST: Label(kk="жоғары санат", ru="высшая категория"),
        QualificationCategory.FIRST: Label(kk="бірінші санат", ru="первая категория"),
        QualificationCategory.SECOND: Label(kk="екінші санат", ru="вторая категория"),
    },
)
